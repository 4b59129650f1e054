/** SQL for a WGS-84 point bound as two positional parameters ($lng, $lat), as geography (`stations.location`…). */
export const geographyParam = (lng: number, lat: number): string =>
  `ST_SetSRID(ST_MakePoint($${lng}, $${lat}), 4326)::geography`;
