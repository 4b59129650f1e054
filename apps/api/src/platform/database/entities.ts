import { UserEntity } from '../../modules/identity/user.entity';
import { RoleBindingEntity } from '../../modules/identity/role-binding.entity';
import { OrgEntity } from '../../modules/orgs/org.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';

/**
 * Every entity, for the DataSource the API, worker and CLI share. Areas own their entity files; this list only
 * registers them. Tables without an entity (user_identities, refresh_tokens) are reached by hand-written SQL in
 * their repositories.
 */
export const ENTITIES = [OrgEntity, UserEntity, RoleBindingEntity, AuditEventEntity];
