/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string;
  export default src;
}
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** Affects the build output. */
    NODE_ENV: 'development' | 'production';
    /** The platform being built. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    /** Mini-program app id, copied into the platform project file by Taro. */
    TARO_APP_ID?: string;
    /** API origin for weapp / alipay, e.g. https://api.example.cn (no trailing slash). */
    TARO_APP_API_BASE?: string;
    /** 'true' shows the demo-account login outside H5. */
    TARO_APP_DEV_LOGIN?: string;
  }
}
