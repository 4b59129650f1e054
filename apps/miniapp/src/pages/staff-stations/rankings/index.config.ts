export default definePageConfig({
  navigationBarTitleText: '驿站排行榜',
});
