export default definePageConfig({
  navigationBarTitleText: '我的福利',
});
