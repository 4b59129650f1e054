import type { UserConfigExport } from '@tarojs/cli';

export default {
  logger: {
    quiet: false,
    stats: true,
  },
  mini: {},
  h5: {
    // H5 calls its own origin; under `dev:h5` that is the dev server, which hands /api to the local API.
    devServer: {
      // Fast refresh needs @pmmmwh/react-refresh-webpack-plugin, which is not installed: full reloads instead.
      hot: false,
      proxy: {
        '/api': { target: process.env.TARO_APP_API_BASE ?? 'http://localhost:3000', changeOrigin: true },
      },
    },
  },
} satisfies UserConfigExport<'webpack5'>;
