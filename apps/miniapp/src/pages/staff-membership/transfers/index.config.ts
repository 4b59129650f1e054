export default definePageConfig({
  navigationBarTitleText: '转接审批',
});
