// Evaluated by Taro at build time: page routes and the tab bar of every platform.
export default defineAppConfig({
  // The main package holds the tab pages, the station and benefit pages reached from them, the printed door QR's
  // page and login. Every other area is a subpackage, loaded on first use; the workbench is split by area.
  pages: [
    'pages/home/index/index',
    'pages/stations/index/index',
    'pages/stations/detail/index',
    'pages/stations/door/index',
    'pages/benefits/index/index',
    'pages/benefits/coupons/index',
    'pages/benefits/coupon/index',
    'pages/benefits/writeoff/index',
    'pages/mine/index/index',
    'pages/login/index/index',
  ],
  subPackages: [
    {
      root: 'pages/notices',
      pages: ['index/index'],
    },
    {
      root: 'pages/membership',
      pages: ['join/index', 'status/index', 'card/index', 'transfer/index', 'establish/index'],
    },
    {
      root: 'pages/workbench',
      pages: ['index/index'],
    },
    {
      root: 'pages/staff-membership',
      pages: [
        'orgs/index',
        'joins/index',
        'join-codes/index',
        'members/index',
        'transfers/index',
        'establishments/index',
        'imports/index',
        'card-check/index',
      ],
    },
    {
      root: 'pages/staff-stations',
      pages: [
        'stations/index',
        'station-edit/index',
        'station-duty/index',
        'patrols/index',
        'patrol-record/index',
        'rankings/index',
      ],
    },
    {
      root: 'pages/points',
      pages: ['index/index', 'mall/index', 'orders/index'],
    },
    {
      root: 'pages/staff-benefits',
      pages: [
        'mall-fulfil/index',
        'mall-items/index',
        'mall-item-edit/index',
        'points-rules/index',
        'points-adjust/index',
        'welfare-pickup/index',
        'welfare-campaigns/index',
        'flash-drops/index',
        'merchants/index',
        'merchant-edit/index',
        'coupon-templates/index',
        'coupon-template-edit/index',
      ],
    },
    {
      root: 'pages/welfare',
      pages: ['index/index'],
    },
  ],
  // Members open the workbench and membership pages from the home page: fetch those packages while it shows.
  preloadRule: {
    'pages/home/index/index': { network: 'all', packages: ['pages/membership', 'pages/workbench'] },
  },
  // WeChat: inject only the components a page renders, not every component of the package at start.
  lazyCodeLoading: 'requiredComponents',
  // WeChat refuses to publish an app that calls these without declaring them; each prompts with the reason below.
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': {
      desc: '用于查找附近的户外劳动者服务驿站，以及在驿站门口开门、签到时确认您在现场',
    },
  },
  // The privacy agreement is shown by the app (login page and wx.onNeedPrivacyAuthorization), not on first API use.
  __usePrivacyCheck__: true,
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
