import type { OrgType } from '@smartunion/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A node of the union tree. `path` is written only by the database triggers (see the Foundation migration). */
@Entity({ name: 'orgs' })
export class OrgEntity {
  /** bigint: kept as a string end to end, never a JS number. */
  @PrimaryColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  type: OrgType;

  @Column({ type: 'char', length: 6 })
  areaCode: string;

  @Column({ type: 'bigint', nullable: true })
  parentId: string | null;

  @Column({ type: 'ltree', insert: false, update: false })
  path: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
