import { AREA_CODE_PATTERN, ORG_TYPE_RANK, type OrgType } from '@smartunion/contracts';

export interface OrgShape {
  type: OrgType;
  areaCode: string;
}

/** Digits of a parent's area code a child's code must share: province 2, city 4, county and below all 6. */
function significantDigits(type: OrgType): number {
  switch (type) {
    case 'province':
      return 2;
    case 'city':
      return 4;
    case 'county':
    case 'street':
    case 'grassroots':
      return 6;
  }
}

/** Why `child` cannot sit under `parent` as far as levels go, or null if it can. */
export function levelProblem(parent: OrgShape, child: OrgShape): string | null {
  if (ORG_TYPE_RANK[child.type] <= ORG_TYPE_RANK[parent.type]) {
    return `a ${child.type} cannot be placed under a ${parent.type}`;
  }
  return null;
}

/**
 * Why `child`'s GB/T 2260 area code does not fit under `parent`, or null if it does. A city's code ends in 00, a
 * county's does not; each lies inside its parent's area; streets and grassroots unions take their county's code.
 */
export function areaProblem(parent: OrgShape, child: OrgShape): string | null {
  const code = child.areaCode;
  if (!AREA_CODE_PATTERN.test(code)) return 'area code must be six digits (GB/T 2260)';
  if (child.type === 'city' && (!code.endsWith('00') || code.endsWith('0000'))) {
    return 'a city area code ends in 00 (e.g. 140100)';
  }
  if (child.type === 'county' && code.endsWith('00'))
    return 'a county area code does not end in 00 (e.g. 140105)';
  const n = significantDigits(parent.type);
  if (code.slice(0, n) !== parent.areaCode.slice(0, n)) {
    return `area code ${code} is outside the parent's area ${parent.areaCode}`;
  }
  return null;
}

export interface PlacementProblem {
  kind: 'level' | 'area';
  message: string;
}

/** Both checks, level first. */
export function placementProblem(parent: OrgShape, child: OrgShape): PlacementProblem | null {
  const level = levelProblem(parent, child);
  if (level) return { kind: 'level', message: level };
  const area = areaProblem(parent, child);
  return area ? { kind: 'area', message: area } : null;
}
