import path from 'node:path';

import { defineConfig, type UserConfigExport } from '@tarojs/cli';

import devConfig from './dev';
import prodConfig from './prod';

// One output directory per platform, so weapp, alipay and h5 builds never overwrite each other.
const taroEnv = process.env.TARO_ENV ?? 'h5';

export default defineConfig<'webpack5'>((merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'smartunion-miniapp',
    date: '2026-11-23',
    // NutUI is designed at 375px, our pages at Taro's default 750px.
    designWidth(input) {
      const file = typeof input === 'object' ? input.file : undefined;
      return file?.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750;
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv}`,
    plugins: [],
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    // Prebundling (esbuild, watch mode only) off: watch and build compile the same way.
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    // Persistent cache off: the builds are short and a stale cache is harder to debug than a slow build.
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
      },
      webpackChain(chain) {
        resolveFromApp(chain);
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // The API serves dist/h5 with a route per file only, so deep links must live in the hash.
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
      },
      webpackChain(chain) {
        resolveFromApp(chain);
        // ZXing (the camera scanner's chunk) has no side effects but does not say so: without this, its barrel
        // file drags every barcode format and encoder into the chunk (about 530 KB instead of 135 KB, minified).
        chain.module
          .rule('zxing-side-effects')
          .test(/[\\/]@zxing[\\/]/)
          .set('sideEffects', false);
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});

/**
 * pnpm keeps each package's dependencies private. NutUI imports @tarojs/components and @tarojs/taro without
 * declaring them, so they must also resolve from this app's node_modules.
 */
function resolveFromApp(chain: { resolve: { modules: { add(dir: string): unknown } } }): void {
  // Setting modules replaces webpack's default, so the usual upward lookup has to come first.
  chain.resolve.modules.add('node_modules');
  chain.resolve.modules.add(path.resolve(__dirname, '..', 'node_modules'));
}
