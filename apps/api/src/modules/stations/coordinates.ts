// The datum conversions are shared by every area that stores locations (stations, merchant stores).
export { fromWgs84, roundPoint, toWgs84 } from '../../platform/geo/coordinates';
