// Content script for arXiv listings, search results and abstract pages (see manifest.json).
import { arxiv } from '../sites/arxiv';
import { startContent } from './main';

startContent([arxiv]);
