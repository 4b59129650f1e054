export default definePageConfig({
  navigationBarTitleText: '商户信息',
});
