import type { ReactNode } from 'react';
import { View } from '@tarojs/components';

import './service-grid.scss';

/** The colour family of a tile: one per area, so a page's tiles read as groups at a glance. */
export type TileTone = 'red' | 'orange' | 'blue' | 'green' | 'purple' | 'teal';

export interface GridTile {
  key: string;
  title: string;
  /** One or two characters drawn as the tile's icon (审, 码, 驿…): no icon font, nothing fetched. */
  glyph: string;
  tone: TileTone;
  /** A count of waiting work or unread items: shown as a badge when above zero. */
  badge?: number | null;
  onTap: () => void;
}

/** 99+ beyond two digits, as every badge in WeChat does. */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/**
 * A grid of four tiles a row, each an icon glyph over a short title with an optional count badge: the home
 * page's services and the workbench's areas. `name` prefixes each tile's class (`<name>-<key>`) for tests.
 */
export function ServiceGrid({ name, tiles }: { name: string; tiles: readonly GridTile[] }): ReactNode {
  return (
    <View className="su-grid">
      {tiles.map((tile) => (
        <View key={tile.key} className={`su-grid-tile ${name}-${tile.key}`} onClick={tile.onTap}>
          <View className={`su-grid-icon su-grid-icon--${tile.tone}`}>
            {tile.glyph}
            {tile.badge ? <View className="su-grid-badge">{badgeText(tile.badge)}</View> : null}
          </View>
          <View className="su-grid-title">{tile.title}</View>
        </View>
      ))}
    </View>
  );
}
