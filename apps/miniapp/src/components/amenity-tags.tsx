import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { AMENITY_LABELS, type Amenity } from '@smartunion/contracts';

import './amenity-tags.scss';

/** A station's amenities as small tags, in the order the station lists them. */
export function AmenityTags({ amenities }: { amenities: readonly Amenity[] }): ReactNode {
  if (amenities.length === 0) return null;
  return (
    <View className="su-amenities">
      {amenities.map((a) => (
        <View key={a} className={`su-amenity su-amenity--${a}`}>
          {AMENITY_LABELS[a]}
        </View>
      ))}
    </View>
  );
}

/** One choice of a filter or a form: a rounded chip, filled when chosen. */
export function Chip({
  className,
  active,
  label,
  onClick,
}: {
  className: string;
  active: boolean;
  label: string;
  onClick: () => void;
}): ReactNode {
  return (
    <View className={`su-chip ${className}${active ? ' su-chip--active' : ''}`} onClick={onClick}>
      {label}
    </View>
  );
}
