// Injected only when the reader asks ("Find papers on this page": context menu or popup), through
// activeTab + scripting: Paper Margin never asks for access to every site.
import { generic } from '../sites/generic';
import { startContent } from './main';

startContent([generic]);
