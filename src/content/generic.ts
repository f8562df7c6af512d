// Injected only when the reader asks ("Find papers on this page": context menu or popup), through
// activeTab + scripting: Paper Margin never asks for access to every site. The reader's actions and
// the card styles are bundled in: the feed scripts import the actions from the extension, which only
// the feed hosts may do (they alone are listed in web_accessible_resources), and get the styles with
// the library's first answer.
import { generic } from '../sites/generic';
import * as actions from './actions';
import { provideActions } from './actions-loader';
import CARD_CSS from './card.css';
import { provideCardStyle } from './card-style';
import { startContent } from './main';

provideActions(actions);
provideCardStyle(CARD_CSS);
startContent([generic]);
