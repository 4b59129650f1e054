import type { Role } from '@smartunion/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A role a user holds over one org's subtree. */
@Entity({ name: 'role_bindings' })
export class RoleBindingEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity' })
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'bigint' })
  orgId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
