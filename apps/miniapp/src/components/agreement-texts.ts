import { AGREEMENT_VERSION } from '../services/privacy';

/** The union federation that runs the platform and holds its data (the controller of personal information). */
const OPERATOR = '山西省总工会';

export type AgreementKey = 'terms' | 'privacy';

export interface Agreement {
  title: string;
  sections: readonly { heading: string; paragraphs: readonly string[] }[];
}

/** The texts the login page and the privacy dialog link to. A change of substance needs a new AGREEMENT_VERSION. */
export const AGREEMENTS: Readonly<Record<AgreementKey, Agreement>> = {
  terms: {
    title: '用户服务协议',
    sections: [
      {
        heading: '一、服务提供者',
        paragraphs: [
          `“智慧工会”由${OPERATOR}建设和运营，为全省工会会员、户外劳动者和各级工会工作人员提供入会、会员服务、户外劳动者服务驿站、积分和工会福利等服务。`,
        ],
      },
      {
        heading: '二、账号',
        paragraphs: [
          '您可以使用微信或支付宝账号登录。请妥善保管您的账号，通过您的账号进行的操作视为您本人的行为。',
          '入会、会员卡、福利领取等服务需要实名信息，您应保证提交的信息真实、准确；冒用他人身份的申请将被驳回，并可能被依法处理。',
        ],
      },
      {
        heading: '三、服务规则',
        paragraphs: [
          '驿站开门、签到需在驿站现场进行；积分、福利券和商城兑换按各项活动公布的规则发放和使用，不得转让、倒卖或以不正当手段获取。',
          '工会工作人员只能在本级工会的管理范围内处理会员事务，并对工作中知悉的个人信息负有保密义务。',
        ],
      },
      {
        heading: '四、协议变更与联系',
        paragraphs: [
          `协议内容变更时，我们会在您下次使用时再次请您阅读并同意。对本协议或服务有疑问，可联系您所在的基层工会或${OPERATOR}。`,
          `版本：${AGREEMENT_VERSION}`,
        ],
      },
    ],
  },
  privacy: {
    title: '隐私政策',
    sections: [
      {
        heading: '一、谁处理您的信息',
        paragraphs: [
          `“智慧工会”的个人信息由${OPERATOR}作为个人信息处理者收集和保存，数据存放在境内服务器。各级工会按管理范围使用，不向工会体系以外的机构出售或提供。`,
        ],
      },
      {
        heading: '二、我们收集哪些信息、用于什么',
        paragraphs: [
          '手机号：用于登录后确认您的身份、入会审核时联系您、发送与您有关的通知。在微信中，经您点击授权后由微信提供，我们不会在未经您同意时获取。',
          '位置信息：仅在您使用时获取，用于查找附近的户外劳动者服务驿站，以及在驿站开门、签到时确认您在驿站现场。我们不会在后台持续获取您的位置；您拒绝后可以手动选择城市查找驿站。',
          '身份证号和姓名：仅在您申请入会、办理会员卡或转会时收集，用于实名核验和会员身份确认。身份证号加密保存，工作人员看到的均为部分隐藏的号码。',
          '账号标识：微信或支付宝返回的用户标识，用于识别您的账号，我们不获取您的支付信息。',
        ],
      },
      {
        heading: '三、谁能看到',
        paragraphs: [
          '您所在工会及其上级工会的工作人员可以在办理您的入会、转会和福利时看到必要的信息；驿站站长只能看到到站签到记录。导出完整信息需要专门授权，并留有操作记录。',
          '实名核验时，姓名和身份证号会提交给依法提供身份核验服务的机构，仅用于核验。',
        ],
      },
      {
        heading: '四、保存期限与您的权利',
        paragraphs: [
          '会员信息在您的会籍存续期间保存，会籍终止后按工会档案管理的规定保存或删除。',
          `您可以查询、更正您的信息，撤回位置等授权（在微信或支付宝的设置中关闭），或通过所在工会申请注销账号。对本政策有疑问，可联系您所在的基层工会或${OPERATOR}。`,
          `版本：${AGREEMENT_VERSION}`,
        ],
      },
    ],
  },
};
