import type { PropsWithChildren, ReactNode } from 'react';

// NutUI's full stylesheet once for the whole app (no babel-plugin-import here), before our own overrides.
import '@nutui/nutui-react-taro/dist/style.css';
import './app.scss';

function App({ children }: PropsWithChildren): ReactNode {
  // children is the page being rendered
  return children;
}

export default App;
