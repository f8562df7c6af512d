// Read by `npm run bench`: when the popup's script starts, after the browser has loaded it.
performance.mark('paper-margin:popup-script');
import { render } from 'preact';
import { Popup } from './Popup';

const tabParam = new URLSearchParams(location.search).get('tab');
render(<Popup tabId={tabParam ? Number(tabParam) : undefined} />, document.getElementById('app')!);
