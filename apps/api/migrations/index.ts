import { Foundation1763856000000 } from './1763856000000-Foundation';
import { Membership1764000000000 } from './1764000000000-Membership';
import { ReviewQueueIndex1764057600000 } from './1764057600000-ReviewQueueIndex';
import { Stations1764144000000 } from './1764144000000-Stations';
import { StationVisits1764230400000 } from './1764230400000-StationVisits';
import { StationPatrols1764316800000 } from './1764316800000-StationPatrols';
import { StationEquipment1764403200000 } from './1764403200000-StationEquipment';
import { Points1764489600000 } from './1764489600000-Points';
import { Benefits1764576000000 } from './1764576000000-Benefits';
import { Welfare1764662400000 } from './1764662400000-Welfare';
import { MembershipDirectoryView1764748800000 } from './1764748800000-MembershipDirectoryView';
import { StationDirectoryView1764835200000 } from './1764835200000-StationDirectoryView';
import { StationDoorRadius1764921600000 } from './1764921600000-StationDoorRadius';
import { UserMobile1765011600000 } from './1765011600000-UserMobile';

/** Every migration, oldest first. Listed, not globbed, so jest, ts-node and dist/ all load the same set. */
export const MIGRATIONS = [
  Foundation1763856000000,
  Membership1764000000000,
  ReviewQueueIndex1764057600000,
  Stations1764144000000,
  StationVisits1764230400000,
  StationPatrols1764316800000,
  StationEquipment1764403200000,
  Points1764489600000,
  Benefits1764576000000,
  Welfare1764662400000,
  MembershipDirectoryView1764748800000,
  StationDirectoryView1764835200000,
  StationDoorRadius1764921600000,
  UserMobile1765011600000,
];
