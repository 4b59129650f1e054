/** Page routes, as registered in app.config.ts. */
export const Routes = {
  Home: '/pages/home/index/index',
  Stations: '/pages/stations/index/index',
  StationDetail: '/pages/stations/detail/index',
  StationDoor: '/pages/stations/door/index',
  Benefits: '/pages/benefits/index/index',
  Mine: '/pages/mine/index/index',
  Login: '/pages/login/index/index',
  Notices: '/pages/notices/index/index',
  MembershipJoin: '/pages/membership/join/index',
  MembershipStatus: '/pages/membership/status/index',
  MembershipCard: '/pages/membership/card/index',
  MembershipTransfer: '/pages/membership/transfer/index',
  MembershipEstablish: '/pages/membership/establish/index',
  Workbench: '/pages/workbench/index/index',
  WorkbenchOrgs: '/pages/workbench/orgs/index',
  WorkbenchJoins: '/pages/workbench/joins/index',
  WorkbenchJoinCodes: '/pages/workbench/join-codes/index',
  WorkbenchMembers: '/pages/workbench/members/index',
  WorkbenchTransfers: '/pages/workbench/transfers/index',
  WorkbenchEstablishments: '/pages/workbench/establishments/index',
  WorkbenchImports: '/pages/workbench/imports/index',
  WorkbenchCardCheck: '/pages/workbench/card-check/index',
  WorkbenchStations: '/pages/workbench/stations/index',
  WorkbenchStationEdit: '/pages/workbench/station-edit/index',
  WorkbenchStationDuty: '/pages/workbench/station-duty/index',
  WorkbenchPatrols: '/pages/workbench/patrols/index',
  WorkbenchPatrolRecord: '/pages/workbench/patrol-record/index',
  WorkbenchRankings: '/pages/workbench/rankings/index',
} as const;
export type Route = (typeof Routes)[keyof typeof Routes];

/** The pages of the tab bar: reached with switchTab, never pushed. */
export const TAB_ROUTES: readonly Route[] = [Routes.Home, Routes.Stations, Routes.Benefits, Routes.Mine];
