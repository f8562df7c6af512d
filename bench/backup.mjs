// A generated Paper Margin backup (format `paper-margin-backup`, version 1, as src/store/backup.ts
// writes it) of N papers, every one annotated: the 28 papers of the saved 2026-09-28 Daily Papers page
// (test/fixtures/huggingface/daily-2026-09-28.expected.json, as the adapter extracts them) and
// generated ones around them. Notes are in many scripts, 1–4 tags come from a pool of ~200, most
// papers have code links. Seeded: the same N gives the same bytes on every run.
import { readFileSync } from 'node:fs';
import { FIXTURES } from './lib.mjs';

export const PAGE_FIXTURE = `${FIXTURES}huggingface/daily-2026-09-28.expected.json`;

/** Words the search measure types: each is in the generated data as described. */
export const SEARCH_WORDS = {
  // In about one note in four (two of the English note sentences).
  note: 'ablation',
  // A tag from the pool, on about one paper in 60.
  tag: 'reproduce',
  // In about one title in ten.
  title: 'transformer',
  // In the notes of exactly RARE_COUNT papers.
  rare: 'zeitgeber',
};
export const RARE_COUNT = 3;

// mulberry32: small, fast and good enough to make varied but repeatable data.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TITLE_HEADS = [
  'Scaling', 'Rethinking', 'Towards', 'Learning', 'Efficient', 'Robust', 'Unified', 'Sparse', 'Self-Supervised', 'Contrastive',
  'Hierarchical', 'Adaptive', 'Multimodal', 'Causal', 'Federated', 'Latent', 'Diffusion-Based', 'Retrieval-Augmented', 'Long-Context',
  'Zero-Shot', 'Few-Shot', 'Compositional', 'Interpretable', 'Verifiable', 'Agentic', 'Lightweight', 'Streaming', 'Offline', 'Continual',
];
const TITLE_TOPICS = [
  'Reasoning', 'Video Generation', 'Speech Recognition', 'Code Generation', 'Protein Folding', 'Image Editing', 'Reward Modeling',
  'Policy Optimization', 'Mixture-of-Experts', 'State Space Models', 'Graph Neural Networks', 'Tokenization', 'Quantization',
  'Knowledge Distillation', 'Instruction Tuning', 'Preference Optimization', 'World Models', 'Embodied Agents', 'Text-to-3D',
  'Weather Forecasting', 'Theorem Proving', 'Machine Translation', 'Document Understanding', 'Tabular Learning', 'Music Generation',
  'Robot Manipulation', 'Visual Grounding', 'Speculative Decoding', 'KV-Cache Compression', 'Test-Time Scaling',
];
const TITLE_TAILS = [
  'with Language Models', 'via Reinforcement Learning', 'in the Wild', 'at Scale', 'without Labels', 'for Low-Resource Languages',
  'from Human Feedback', 'with Vision Transformers', 'under Distribution Shift', 'on Edge Devices', 'with Synthetic Data',
  'through Self-Play', 'beyond Next-Token Prediction', 'with Diffusion Priors', 'for Scientific Discovery',
];
const ACRONYM_PARTS = ['Fuse', 'Mega', 'Sparse', 'Flow', 'Token', 'Nano', 'Omni', 'Deep', 'Hyper', 'Meta', 'Auto', 'Lumi', 'Vox', 'Geo', 'Chrono'];
const ACRONYM_ENDS = ['Net', 'Former', 'GPT', 'Diff', 'Bench', 'RL', 'Agent', 'Mamba', 'Seg', 'VLM', 'Gen', 'Coder', 'Eval'];

const FIRST = ['Wei', 'Anna', 'Hiroshi', 'Priya', 'Lucas', 'Fatima', 'Ivan', 'Min-jun', 'Sofia', 'Kwame', 'Elena', 'Jie', 'Omar', 'Yuki', 'Mateo', 'Aisha', 'Jonas', 'Ngoc', 'Rahul', 'Chloé', 'Björn', 'Zeynep', 'Ahmed', 'Mei', 'Diego'];
const LAST = ['Zhang', 'Müller', 'Tanaka', 'Sharma', 'Silva', 'Haddad', 'Petrov', 'Kim', 'Rossi', 'Mensah', 'Ivanova', 'Chen', 'Nakamura', 'García', 'Okafor', 'Nguyen', 'Patel', 'Dubois', 'Lindqvist', 'Yılmaz', 'Schölkopf', 'Wang', 'Kowalski', 'Li', 'Hernández'];

const ABSTRACT_SENTENCES = [
  'We introduce a simple method that improves sample efficiency without additional supervision.',
  'Existing approaches rely on expensive annotations that do not transfer across domains.',
  'Our analysis shows that the gap is explained by a mismatch between training and evaluation distributions.',
  'Experiments on twelve benchmarks demonstrate consistent gains over strong baselines.',
  'We release code, data and model weights to support further research.',
  'The proposed objective is theoretically grounded and easy to implement in existing pipelines.',
  'Ablation studies confirm that each component contributes to the final performance.',
  'At inference time the model requires no extra compute compared to the base architecture.',
  'We further show that the approach scales favourably with model size and data.',
  'Human evaluation indicates that outputs are preferred in 71% of pairwise comparisons.',
  'Surprisingly, a small fraction of the training data accounts for most of the improvement.',
  'We identify failure modes on long inputs and propose a curriculum that mitigates them.',
];

// Note sentences in many scripts, as readers write them.
const NOTE_SENTENCES = [
  'Strong baseline, but the ablation in Table 3 is missing the obvious variant.',
  'Compare with our reproduction: numbers are within noise on the small model.',
  'Key idea: reuse the encoder features as diffusion latents. Check section 4.2.',
  'The ablation on data size is the most convincing part of the paper.',
  'TODO: ask the authors about the evaluation protocol for long contexts.',
  'Code release promised but the repo is still empty as of last week.',
  'Interessanter Ansatz, aber die Evaluation auf nur zwei Datensätzen überzeugt nicht.',
  'Idée simple et élégante ; à tester sur nos données de production.',
  'Хорошая статья, но сравнение с базовыми методами нечестное: разные бюджеты вычислений.',
  '方法很简单，但实验部分缺少与最新工作的对比。值得组会讨论。',
  '再現実験を行う価値あり。ハイパーパラメータの記載が不十分。',
  '핵심 아이디어는 좋지만 계산 비용 분석이 빠져 있다.',
  'فكرة جيدة لكن التقييم محدود بمجموعة بيانات واحدة.',
  'यह तरीका हमारे प्रोजेक्ट के लिए उपयोगी हो सकता है।',
  'Ενδιαφέρουσα προσέγγιση, χρειάζεται περισσότερα πειράματα.',
  'Buena referencia para el capítulo 3 de la tesis. 👍',
  'Ótimo artigo para o grupo de leitura da próxima semana.',
  'Bu makale, önceki çalışmanın doğrudan bir uzantısı gibi görünüyor.',
  'Cite in related work (efficient inference). 🔥',
  'Nice figure 2 — reuse for the lecture slides.',
];

const TAG_BASE = [
  'diffusion', 'llm', 'rl', 'rlhf', 'agents', 'vision', 'nlp', 'speech', 'robotics', 'benchmark', 'dataset', 'theory', 'optimization',
  'reproduce', 'to-cite', 'reading-group', 'thesis', 'survey', 'efficiency', 'quantization', 'moe', 'ssm', 'mamba', 'transformers',
  'tokenization', 'alignment', 'safety', 'interpretability', 'evaluation', 'multimodal', 'video', '3d', 'audio', 'music', 'code',
  'math', 'reasoning', 'retrieval', 'rag', 'long-context', 'distillation', 'pruning', 'federated', 'privacy', 'graph', 'biology',
  'chemistry', 'medical', 'climate', 'finance', 'education', 'hci', 'fairness', 'robustness', 'adversarial', 'continual-learning',
  'meta-learning', 'self-supervised', 'contrastive', 'generative', 'gan', 'vae', 'nerf', 'gaussian-splatting', 'segmentation',
  'detection', 'ocr', 'translation', 'summarization', 'dialogue', 'instruction-tuning', 'preference', 'reward-model', 'world-model',
  'embodied', 'planning', 'search', 'mcts', 'compression', 'hardware', 'systems', 'kernels', 'scaling-laws', 'data-curation',
  'synthetic-data', 'multilingual', 'low-resource', 'важно', '重要', 'à-lire', 'lesen', '読む', 'important', 'skim', 'deep-dive',
];

/** About 200 distinct tags: the base list, chapters, quarters and project names. */
export function tagPool() {
  const pool = [...TAG_BASE];
  for (let chapter = 1; chapter <= 12; chapter++) pool.push(`ch${chapter}`);
  for (const year of [2024, 2025, 2026]) for (let quarter = 1; quarter <= 4; quarter++) pool.push(`q${quarter}-${year}`);
  for (const project of ['atlas', 'borealis', 'cobalt', 'delta', 'ember', 'fjord', 'granite', 'harbor', 'iris', 'juniper', 'kestrel', 'lumen', 'meridian', 'nimbus', 'orchid', 'pylon', 'quartz', 'raven', 'sable', 'tundra']) {
    pool.push(`project-${project}`, `${project}-related`);
  }
  for (let quarter = 1; quarter <= 4; quarter++) pool.push(`q${quarter}-2023`);
  const venues = ['neurips', 'icml', 'iclr', 'acl', 'emnlp', 'cvpr', 'iccv', 'eccv', 'aaai', 'colm', 'corl', 'interspeech', 'icra', 'kdd', 'sigir', 'naacl', 'tmlr', 'jmlr'];
  for (const venue of venues) pool.push(`${venue}-review`, venue);
  return [...new Set(pool)].slice(0, 200);
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const pad = (n, size) => String(n).padStart(size, '0');

function title(rand, index) {
  const name = `${pick(rand, ACRONYM_PARTS)}${pick(rand, ACRONYM_ENDS)}`;
  const topic = pick(rand, TITLE_TOPICS);
  // About one title in ten names transformers, as titles do.
  const tail = index % 10 === 3 ? 'with Vision Transformers' : pick(rand, TITLE_TAILS.filter((candidate) => !candidate.includes('Transformers')));
  return rand() < 0.6 ? `${name}: ${pick(rand, TITLE_HEADS)} ${topic} ${tail}` : `${pick(rand, TITLE_HEADS)} ${topic} ${tail}`;
}

function authors(rand) {
  const count = 1 + Math.floor(rand() * rand() * 14);
  return Array.from({ length: count }, () => `${pick(rand, FIRST)} ${pick(rand, LAST)}`);
}

function codeLinks(rand, slug) {
  const links = [];
  const owner = `${pick(rand, FIRST).toLowerCase().replace(/[^a-z]/g, '')}-lab`;
  if (rand() < 0.7) {
    const promised = rand() < 0.15;
    links.push({ url: `https://github.com/${owner}/${slug}`, host: 'github', kind: 'code', status: promised ? 'promised' : 'available', label: `${owner}/${slug}` });
  }
  if (rand() < 0.25) links.push({ url: `https://huggingface.co/${owner}/${slug}-7b`, host: 'hf-model', kind: 'code', status: 'available', label: `${owner}/${slug}-7b` });
  if (rand() < 0.2) links.push({ url: `https://${owner}.github.io/${slug}`, host: 'other', kind: 'project', status: 'available', label: `${owner}.github.io/${slug}` });
  if (rand() < 0.1) links.push({ url: `https://huggingface.co/datasets/${owner}/${slug}-data`, host: 'hf-dataset', kind: 'data', status: 'available', label: `${owner}/${slug}-data` });
  return links;
}

function note(rand, index, rareAt) {
  const sentences = [];
  const count = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < count; k++) sentences.push(pick(rand, NOTE_SENTENCES));
  if (rareAt.has(index)) sentences.splice(1, 0, `The ${SEARCH_WORDS.rare} effect in Fig. 5 needs a closer look.`);
  // Some readers write paragraphs; most write a line or two.
  return rand() < 0.1 ? `${sentences.join(' ')}\n\n${sentences.slice(0, 2).join('\n- ')}` : sentences.join(' ');
}

const STATUSES = ['none', 'to-read', 'to-read', 'read', 'read', 'starred', 'skip'];

/** The backup object: `count` papers (the page's 28 among them), each with an annotation. */
export function generateBackup(count = 10_000, { seed = 20260928, now = Date.UTC(2026, 10, 23, 12) } = {}) {
  const rand = random(seed);
  const tags = tagPool();
  // Real Daily Papers records, so that the Hugging Face page shows noted cards.
  const pagePapers = JSON.parse(readFileSync(PAGE_FIXTURE, 'utf8')).papers.slice(0, count);
  const ids = new Set(pagePapers.map((paper) => paper.id));
  const papers = [];
  const annotations = [];
  const rareAt = new Set(Array.from({ length: RARE_COUNT }, (_, k) => Math.floor(((k + 0.5) * count) / RARE_COUNT)));
  const DAY = 86_400_000;

  for (let index = 0; index < count; index++) {
    const seenAt = now - Math.floor(rand() * 900) * DAY - Math.floor(rand() * DAY);
    let paper;
    if (index < pagePapers.length) {
      paper = { ...pagePapers[index] };
    } else {
      let id;
      do {
        const year = 23 + Math.floor(rand() * 4);
        const month = 1 + Math.floor(rand() * 12);
        id = `${year}${pad(month, 2)}.${pad(1 + Math.floor(rand() * 29_999), 5)}`;
      } while (ids.has(`arxiv:${id}`));
      ids.add(`arxiv:${id}`);
      const names = authors(rand);
      const slug = `${pick(rand, ACRONYM_PARTS)}${pick(rand, ACRONYM_ENDS)}`.toLowerCase();
      const fromHf = rand() < 0.6;
      paper = {
        id: `arxiv:${id}`,
        title: title(rand, index),
        authors: names,
        authorCount: names.length,
        arxivId: id,
        abstract: Array.from({ length: 4 + Math.floor(rand() * 6) }, () => pick(rand, ABSTRACT_SENTENCES)).join(' '),
        date: `20${id.slice(0, 2)}-${id.slice(2, 4)}-${pad(1 + Math.floor(rand() * 28), 2)}`,
        ...(fromHf ? { upvotes: Math.floor(rand() * rand() * 300), comments: Math.floor(rand() * 5) } : {}),
        url: fromHf ? `https://huggingface.co/papers/${id}` : `https://arxiv.org/abs/${id}`,
        codeLinks: codeLinks(rand, slug),
        source: fromHf ? 'huggingface' : 'arxiv',
      };
    }
    papers.push({
      ...paper,
      firstSeenAt: seenAt,
      lastSeenAt: seenAt + Math.floor(rand() * 30) * DAY,
      seenOn: paper.source === 'arxiv' ? ['arxiv'] : rand() < 0.2 ? ['huggingface', 'arxiv'] : ['huggingface'],
      createdAt: seenAt,
      updatedAt: seenAt,
    });
    const tagCount = 1 + Math.floor(rand() * 4);
    const chosen = new Set();
    while (chosen.size < tagCount) chosen.add(pick(rand, tags));
    const editedAt = seenAt + Math.floor(rand() * 60) * DAY + Math.floor(rand() * DAY);
    annotations.push({
      id: paper.id,
      note: note(rand, index, rareAt),
      tags: [...chosen],
      status: pick(rand, STATUSES),
      createdAt: seenAt,
      updatedAt: Math.min(editedAt, now),
    });
  }
  // A backup lists records by id (code-unit order), as exportBackup writes them.
  const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    format: 'paper-margin-backup',
    version: 1,
    exportedAt: new Date(now).toISOString(),
    papers: papers.sort(byId),
    annotations: annotations.sort(byId),
  };
}

/** The backup as exportBackup writes it: one record per line. */
export function backupText(backup) {
  const lines = (records) => `[\n${records.map((record) => JSON.stringify(record)).join(',\n')}\n]`;
  return (
    `{"format":"${backup.format}","version":${backup.version},"exportedAt":${JSON.stringify(backup.exportedAt)},\n` +
    `"papers":${lines(backup.papers)},\n"annotations":${lines(backup.annotations)}}\n`
  );
}
