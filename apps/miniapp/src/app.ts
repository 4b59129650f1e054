import type { PropsWithChildren, ReactNode } from 'react';

// NutUI's theme variables once for the whole app, before our own overrides; each component's stylesheet comes
// with it (babel-plugin-import in babel.config.js).
import '@nutui/nutui-react-taro/dist/styles/themes/default.css';
import './app.scss';

import { watchPrivacyAuthorization } from './services/privacy';

// WeChat holds a privacy API until the user agrees in our dialog (components/privacy-consent.tsx).
watchPrivacyAuthorization();

function App({ children }: PropsWithChildren): ReactNode {
  // children is the page being rendered
  return children;
}

export default App;
