// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
const NUTUI = '@nutui/nutui-react-taro/dist/es/packages';

module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
      },
    ],
  ],
  plugins: [
    // NutUI React Taro's documented on-demand import: `import { Button } from '@nutui/nutui-react-taro'` becomes
    // the Button module and its own stylesheet (style/css pulls in the styles of the parts it uses), so a
    // package carries the CSS of the components its pages render, not all of NutUI's. The theme variables are
    // imported once in app.ts.
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        customName: (name) => `${NUTUI}/${name.toLowerCase()}`,
        customStyleName: (name) => `${NUTUI}/${name.toLowerCase()}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
};
