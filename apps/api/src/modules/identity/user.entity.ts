import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type UserStatus = 'active' | 'disabled';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'text', nullable: true })
  avatarUrl: string | null;

  @Column({ type: 'text', default: 'active' })
  status: UserStatus;

  /** Key of a demo user, the code of the dev login provider. Null for real users. */
  @Column({ type: 'text', nullable: true })
  demoKey: string | null;

  /** The mobile number a platform vouched for (WeChat's getPhoneNumber), null until one did. */
  @Column({ type: 'text', nullable: true })
  mobile: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  mobileVerifiedAt: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
