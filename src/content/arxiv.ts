// Content script for arXiv listings, search results and abstract pages (see manifest.json).
import { arxiv } from '../sites/arxiv';
import { highlightLinks } from './highlight';
import { startContent } from './main';

// Every result and listing entry shows its abstract, where authors write their code links.
startContent([arxiv], highlightLinks);
