// The widget's build. The entry (index.js) is the never-cached file host pages load; it holds webpack's runtime and
// a few lines that only lazy-load React and the UI, so it stays tiny. Every other file is an immutable chunk the
// entry loads from /assets/<buildId>/ on the CDN's own origin, derived at run time from the entry's URL
// (src/index.js), so no domain is baked into the build.
const path = require('node:path');
const webpack = require('webpack');

// The edge-deploy plugin's build id (edge-deploy:build-id), given by Maven; [a-z0-9-] only, so it is safe in a URL.
const buildId = process.env.EDGE_DEPLOY_BUILD_ID;
if (!/^[a-z0-9-]{1,64}$/.test(buildId ?? '')) {
  throw new Error(`EDGE_DEPLOY_BUILD_ID must be the edge-deploy build id ([a-z0-9-], at most 64), got '${buildId}'`);
}
// Test variants: none (the default) or throw-on-load (the lazy UI module throws when it loads).
const fault = process.env.WIDGET_FAULT || 'none';
const FAULTS = ['none', 'throw-on-load'];
if (!FAULTS.includes(fault)) {
  throw new Error(`WIDGET_FAULT must be one of ${FAULTS.join(', ')}, got '${fault}'`);
}

module.exports = {
  mode: 'production',
  entry: { index: './src/index.js' },
  output: {
    path: path.resolve(__dirname, process.env.WIDGET_OUTPUT_DIRECTORY || 'target/dist'),
    filename: '[name].js',
    chunkFilename: '[name].[contenthash:8].js',
    // Set at run time (__webpack_public_path__ in src/index.js) from the entry's own URL.
    publicPath: '',
    // Chunks are fetched with CORS (the CDN answers Access-Control-Allow-Origin), so an error thrown in one is
    // reported with its file name instead of a muted "Script error." and can be told apart from the host page's.
    crossOriginLoading: 'anonymous',
    clean: true,
  },
  devtool: false,
  resolve: { extensions: ['.js', '.jsx'] },
  module: {
    rules: [
      {
        test: /\.jsx?$/,
        exclude: /node_modules/,
        use: { loader: 'babel-loader', options: { presets: [['@babel/preset-react', { runtime: 'automatic' }]] } },
      },
    ],
  },
  plugins: [
    new webpack.DefinePlugin({
      __EDGE_DEPLOY_BUILD_ID__: JSON.stringify(buildId),
      __WIDGET_FAULT__: JSON.stringify(fault),
    }),
  ],
  optimization: {
    // Only the lazy-loaded code is split: the entry keeps nothing but the runtime and the loader.
    splitChunks: { chunks: 'async', minSize: 0 },
    // Stable chunk names across builds: an unchanged chunk keeps its file name (and content hash).
    chunkIds: 'deterministic',
    moduleIds: 'deterministic',
  },
  performance: { hints: false },
};
