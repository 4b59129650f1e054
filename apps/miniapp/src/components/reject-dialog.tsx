import { useEffect, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Dialog, TextArea } from '@nutui/nutui-react-taro';

import { showError } from './feedback';

import './page-state.scss';

const MAX_REASON = 200;

interface RejectDialogProps {
  /** What is being refused, e.g. the applicant's name; null closes the dialog. */
  subject: string | null;
  onReject: (reason: string) => Promise<void>;
  onClose: () => void;
}

/** Asks for the reason of a refusal (the applicant reads it) and sends it; the reason is required. */
export function RejectDialog({ subject, onReject, onClose }: RejectDialogProps): ReactNode {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    if (subject !== null) {
      setReason('');
      setMissing(false);
    }
  }, [subject]);

  async function confirm(): Promise<void> {
    const text = reason.trim();
    if (!text) {
      setMissing(true);
      // Keeps the dialog open: NutUI closes it only when onConfirm resolves.
      throw new Error('reason required');
    }
    try {
      await onReject(text);
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  return (
    <Dialog
      className="reject-dialog"
      visible={subject !== null}
      title={`驳回${subject ?? ''}`}
      confirmText="确认驳回"
      cancelText="取消"
      onConfirm={confirm}
      onCancel={onClose}
      onClose={onClose}
    >
      <TextArea
        className="reject-reason"
        value={reason}
        placeholder="请填写驳回原因，申请人可以看到"
        maxLength={MAX_REASON}
        showCount
        onChange={(value) => {
          setReason(value);
          if (value.trim()) setMissing(false);
        }}
      />
      {missing ? <View className="su-field-error reject-reason-error">请填写驳回原因</View> : null}
    </Dialog>
  );
}
