import { useState, type ReactNode } from 'react';
import { Cell, CellGroup, SearchBar } from '@nutui/nutui-react-taro';
import {
  ORG_TYPE_LABELS,
  OrgType,
  type MeResponse,
  type OrgRef,
  type Permission,
} from '@smartunion/contracts';

import { listOrgs } from '../services/orgs';
import { bindingsWith } from '../services/permissions';
import { showError } from './feedback';

const SEARCH_PAGE_SIZE = 10;

/** The orgs the caller holds `permission` on directly: the usual choice, offered without a search. */
export function ownOrgs(me: MeResponse, permission: Permission, grassrootsOnly: boolean): OrgRef[] {
  const seen = new Set<string>();
  return bindingsWith(me, permission)
    .map((b) => b.org)
    .filter(
      (org) => (!grassrootsOnly || org.type === OrgType.Grassroots) && !seen.has(org.id) && seen.add(org.id),
    );
}

interface OrgChooserProps {
  me: MeResponse;
  permission: Permission;
  /** Only grassroots unions (join codes); otherwise any org in scope (imports into a federation's unions). */
  grassrootsOnly: boolean;
  title: string;
  value: OrgRef | null;
  onChange: (org: OrgRef | null) => void;
}

/** Picks one org of the caller's scope: their own role's org, or any found by name within the scope. */
export function OrgChooser({
  me,
  permission,
  grassrootsOnly,
  title,
  value,
  onChange,
}: OrgChooserProps): ReactNode {
  const [keyword, setKeyword] = useState('');
  const [found, setFound] = useState<OrgRef[] | null>(null);
  const own = ownOrgs(me, permission, grassrootsOnly);

  async function search(q: string): Promise<void> {
    if (!q.trim()) {
      setFound(null);
      return;
    }
    try {
      const list = await listOrgs({
        q: q.trim(),
        type: grassrootsOnly ? OrgType.Grassroots : undefined,
        pageSize: SEARCH_PAGE_SIZE,
      });
      setFound(list.items);
    } catch (error) {
      showError(error);
    }
  }

  if (value) {
    return (
      <CellGroup title={title}>
        <Cell
          className="org-chooser-selected"
          title={value.name}
          description={ORG_TYPE_LABELS[value.type]}
          extra="更换"
          clickable
          onClick={() => onChange(null)}
        />
      </CellGroup>
    );
  }

  const choices = found ?? own;
  return (
    <CellGroup title={title}>
      <SearchBar
        className="org-chooser-search"
        placeholder={grassrootsOnly ? '搜索管理范围内的基层工会' : '搜索管理范围内的组织'}
        value={keyword}
        onChange={setKeyword}
        onSearch={(q) => void search(q)}
        onClear={() => setFound(null)}
      />
      {found !== null && found.length === 0 && <Cell title="没有找到组织" />}
      {choices.map((org) => (
        <Cell
          key={org.id}
          className="org-chooser-option"
          title={org.name}
          description={ORG_TYPE_LABELS[org.type]}
          clickable
          onClick={() => onChange(org)}
        />
      ))}
    </CellGroup>
  );
}
