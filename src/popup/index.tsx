import { render } from 'preact';
import { Popup } from './Popup';

const tabParam = new URLSearchParams(location.search).get('tab');
render(<Popup tabId={tabParam ? Number(tabParam) : undefined} />, document.getElementById('app')!);
