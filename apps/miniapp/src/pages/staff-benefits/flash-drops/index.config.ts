export default definePageConfig({
  navigationBarTitleText: '秒杀管理',
});
