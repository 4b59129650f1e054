import { useEffect, useState, type ReactNode } from 'react';
import { Button as PlatformButton, ScrollView, Text, View } from '@tarojs/components';
import { Button, Dialog } from '@nutui/nutui-react-taro';

import {
  answerPrivacyAuthorization,
  hasPendingPrivacyRequest,
  onPrivacyAuthorizationRequest,
} from '../services/privacy';
import { AGREEMENTS, type AgreementKey } from './agreement-texts';

import './privacy-consent.scss';

/** 《用户服务协议》《隐私政策》 as tappable links; `onOpen` shows the text. */
export function AgreementLinks({ onOpen }: { onOpen: (key: AgreementKey) => void }): ReactNode {
  return (
    <>
      <Text className="agreement-link agreement-link--terms" onClick={() => onOpen('terms')}>
        《用户服务协议》
      </Text>
      和
      <Text className="agreement-link agreement-link--privacy" onClick={() => onOpen('privacy')}>
        《隐私政策》
      </Text>
    </>
  );
}

/** The full text of one agreement; `agreement` null closes it. */
export function AgreementDialog({
  agreement,
  onClose,
}: {
  agreement: AgreementKey | null;
  onClose: () => void;
}): ReactNode {
  const text = agreement ? AGREEMENTS[agreement] : null;
  return (
    <Dialog
      className={`agreement-dialog${agreement ? ` agreement-dialog--${agreement}` : ''}`}
      visible={text !== null}
      title={text?.title ?? ''}
      confirmText="我知道了"
      hideCancelButton
      onConfirm={onClose}
      onClose={onClose}
    >
      <ScrollView className="agreement-body" scrollY>
        {text?.sections.map((section) => (
          <View key={section.heading} className="agreement-section">
            <View className="agreement-heading">{section.heading}</View>
            {section.paragraphs.map((p) => (
              <View key={p} className="agreement-paragraph">
                {p}
              </View>
            ))}
          </View>
        ))}
      </ScrollView>
    </Dialog>
  );
}

const AGREE_BUTTON_ID = 'privacy-agree';

/**
 * WeChat's privacy prompt (wx.onNeedPrivacyAuthorization, registered in app.ts): a page that calls a privacy
 * API renders this; it opens when WeChat holds such a call, and the agree button (open-type
 * agreePrivacyAuthorization, which WeChat checks was tapped) lets the call go on. Elsewhere it never opens.
 */
export function PrivacyConsentDialog(): ReactNode {
  const [open, setOpen] = useState(false);
  const [agreement, setAgreement] = useState<AgreementKey | null>(null);

  useEffect(() => {
    // A request may be waiting already: the login page opened from the "去查看" prompt.
    if (hasPendingPrivacyRequest()) setOpen(true);
    return onPrivacyAuthorizationRequest(() => setOpen(true));
  }, []);

  function answer(agreeButtonId: string | null): void {
    answerPrivacyAuthorization(agreeButtonId);
    setOpen(false);
  }

  return (
    <>
      <Dialog
        className="privacy-consent"
        visible={open && agreement === null}
        title="隐私保护提示"
        footer={
          <View className="privacy-consent-actions">
            <Button className="privacy-consent-refuse" fill="outline" onClick={() => answer(null)}>
              不同意
            </Button>
            <PlatformButton
              id={AGREE_BUTTON_ID}
              className="privacy-consent-agree"
              openType="agreePrivacyAuthorization"
              onAgreePrivacyAuthorization={() => answer(AGREE_BUTTON_ID)}
              onClick={() => {
                // Only WeChat fires the agree event; elsewhere the tap is the answer.
                if (process.env.TARO_ENV !== 'weapp') answer(AGREE_BUTTON_ID);
              }}
            >
              同意并继续
            </PlatformButton>
          </View>
        }
        onClose={() => answer(null)}
      >
        <View className="privacy-consent-text">
          为向您提供驿站查找、驿站开门和会员服务，我们需要使用您的手机号、位置信息，入会时还需要您的姓名和身份证号。请阅读
          <AgreementLinks onOpen={setAgreement} />
          ，同意后继续使用。
        </View>
      </Dialog>
      <AgreementDialog agreement={agreement} onClose={() => setAgreement(null)} />
    </>
  );
}
