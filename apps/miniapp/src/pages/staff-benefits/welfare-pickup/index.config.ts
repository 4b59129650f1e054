export default definePageConfig({
  navigationBarTitleText: '福利发放核销',
});
