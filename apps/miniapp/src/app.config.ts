// Evaluated by Taro at build time: page routes and the tab bar of every platform.
export default defineAppConfig({
  pages: [
    'pages/home/index/index',
    'pages/stations/index/index',
    'pages/benefits/index/index',
    'pages/mine/index/index',
    'pages/login/index/index',
    'pages/notices/index/index',
    'pages/membership/join/index',
    'pages/membership/status/index',
    'pages/membership/card/index',
    'pages/membership/transfer/index',
    'pages/membership/establish/index',
    'pages/workbench/index/index',
    'pages/workbench/orgs/index',
    'pages/workbench/joins/index',
    'pages/workbench/join-codes/index',
    'pages/workbench/members/index',
    'pages/workbench/transfers/index',
    'pages/workbench/establishments/index',
    'pages/workbench/imports/index',
    'pages/workbench/card-check/index',
  ],
  // H5 only: no slide between pages. Taro's router hides the previous page on a timer that outlives a fast
  // return (login, then straight back to 我的), which left the tab blank.
  animation: false,
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '智慧工会',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
  tabBar: {
    color: '#8a8a8a',
    selectedColor: '#d4231e',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      {
        pagePath: 'pages/home/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/stations/index/index',
        text: '驿站',
        iconPath: 'assets/tabbar/stations.png',
        selectedIconPath: 'assets/tabbar/stations-active.png',
      },
      {
        pagePath: 'pages/benefits/index/index',
        text: '福利',
        iconPath: 'assets/tabbar/benefits.png',
        selectedIconPath: 'assets/tabbar/benefits-active.png',
      },
      {
        pagePath: 'pages/mine/index/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
});
