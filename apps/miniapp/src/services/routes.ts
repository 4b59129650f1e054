/** Page routes, as registered in app.config.ts. */
export const Routes = {
  Home: '/pages/home/index/index',
  Stations: '/pages/stations/index/index',
  Benefits: '/pages/benefits/index/index',
  Mine: '/pages/mine/index/index',
  Login: '/pages/login/index/index',
  Workbench: '/pages/workbench/index/index',
  WorkbenchOrgs: '/pages/workbench/orgs/index',
} as const;
export type Route = (typeof Routes)[keyof typeof Routes];
