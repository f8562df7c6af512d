// Content script for Hugging Face papers pages (see manifest.json): one bundle per site keeps each
// page's script to the adapter it needs.
import { huggingface } from '../sites/huggingface';
import { startContent } from './main';

startContent([huggingface]);
