export default definePageConfig({
  navigationBarTitleText: '驿站巡查',
});
