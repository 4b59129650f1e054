import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Rate, TextArea } from '@nutui/nutui-react-taro';
import { MAX_RATING_COMMENT_LENGTH, type StationRatingResponse } from '@smartunion/contracts';

import { showError, showSuccess } from '../../components/feedback';
import { usePageData } from '../../components/use-page-data';
import { isSignedIn } from '../../services/auth';
import { myStationRating, rateStation } from '../../services/station-ops';

import './station-rating.scss';

const SCORE_LABELS: Readonly<Record<number, string>> = {
  1: '很不满意',
  2: '不太满意',
  3: '一般',
  4: '满意',
  5: '非常满意',
};

/**
 * 评价驿站: a member who opened this station's door this month rates it 1–5 with an optional comment, once per
 * month — rating again replaces the month's rating (the API's rule). Shows nothing to anyone who may not rate.
 */
export function StationRating({ stationId }: { stationId: string }): ReactNode {
  const page = usePageData(async () => ({ mine: isSignedIn() ? await myStationRating(stationId) : null }), {
    onShow: false,
    pullDown: false,
    deps: [stationId],
  });
  const { state, setState } = page;
  const [editing, setEditing] = useState(false);

  // A card beside the page's own content: while loading, on failure or without a visit it simply is not there.
  if (state.status !== 'ready' || !state.mine?.canRate) return null;
  const rating = state.mine.rating;

  function saved(next: StationRatingResponse): void {
    setState((prev) =>
      prev.status === 'ready' && prev.mine ? { ...prev, mine: { ...prev.mine, rating: next } } : prev,
    );
    setEditing(false);
    showSuccess('感谢您的评价');
  }

  return (
    <View className="su-card station-rating">
      <View className="station-rating-title">评价本驿站</View>
      {rating && !editing ? (
        <Rated rating={rating} onEdit={() => setEditing(true)} />
      ) : (
        <RatingForm
          stationId={stationId}
          initial={rating}
          onSaved={saved}
          onCancel={rating ? () => setEditing(false) : undefined}
        />
      )}
    </View>
  );
}

function Rated({ rating, onEdit }: { rating: StationRatingResponse; onEdit: () => void }): ReactNode {
  return (
    <View className="station-rating-done">
      <View className="station-rating-row">
        <Rate className="station-rating-stars" value={rating.score} readOnly />
        <View className="station-rating-state">已评价</View>
      </View>
      {rating.comment ? <View className="station-rating-comment-text">{rating.comment}</View> : null}
      <View className="station-rating-note">每月可评价一次，本月内可修改</View>
      <Button className="station-rating-edit" size="small" onClick={onEdit}>
        修改评价
      </Button>
    </View>
  );
}

function RatingForm({
  stationId,
  initial,
  onSaved,
  onCancel,
}: {
  stationId: string;
  initial: StationRatingResponse | null;
  onSaved: (rating: StationRatingResponse) => void;
  onCancel?: () => void;
}): ReactNode {
  const [score, setScore] = useState(initial?.score ?? 0);
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [busy, setBusy] = useState(false);

  async function submit(): Promise<void> {
    setBusy(true);
    try {
      onSaved(await rateStation(stationId, { score, comment: comment.trim() || undefined }));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="station-rating-form">
      <View className="station-rating-row">
        <Rate className="station-rating-stars" value={score} onChange={setScore} />
        <View className="station-rating-label">{SCORE_LABELS[score] ?? '点击星星打分'}</View>
      </View>
      <TextArea
        className="station-rating-comment"
        value={comment}
        placeholder="说说您的感受（选填）"
        maxLength={MAX_RATING_COMMENT_LENGTH}
        showCount
        onChange={setComment}
      />
      <View className="station-rating-actions">
        {onCancel ? (
          <Button className="station-rating-cancel" size="small" onClick={onCancel}>
            取消
          </Button>
        ) : null}
        <Button
          className="station-rating-submit"
          type="primary"
          size="small"
          disabled={score < 1 || busy}
          loading={busy}
          onClick={() => void submit()}
        >
          提交评价
        </Button>
      </View>
    </View>
  );
}
