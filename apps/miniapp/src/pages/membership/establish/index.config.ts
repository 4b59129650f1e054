export default definePageConfig({
  navigationBarTitleText: '网上建会',
});
