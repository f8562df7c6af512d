import { describe, expect, it } from 'vitest';
import { classifyLink, findCodeLinks, mergeCodeLinks, splitLinks } from '../../src/shared/code-links';
import type { CodeLink, LinkStatus } from '../../src/shared/paper';
import { seededRandom } from '../helpers/random';

function github(name: string, status: LinkStatus = 'available'): CodeLink {
  return { url: `https://github.com/${name}`, host: 'github', kind: 'code', status, label: name };
}

function page(url: string, label: string, status: LinkStatus = 'available'): CodeLink {
  return { url, host: 'other', kind: 'project', status, label };
}

// Sentence fragments copied verbatim from /work/shared/seeds/*.txt (real Hugging Face listings).
const SEED_CASES: Array<[string, CodeLink[]]> = [
  ['The code and datasets are available at https://github.com/JasonKyng/NAGL.', [github('JasonKyng/NAGL')]],
  [
    'Moreover, we show that the pattern extends to the scaled versions of the MLMs and CLMs (up to 85x original mBERT).Our code is publicly available at \\url{https://github.com/TartuNLP/xsim}',
    [github('TartuNLP/xsim')],
  ],
  [
    'Models and code are available online at the following URL: https://github.com/hpi-dhc/xmen',
    [github('hpi-dhc/xmen')],
  ],
  ['Code available at https://github.com/ORippler/gaussian-ad-mvtec', [github('ORippler/gaussian-ad-mvtec')]],
  [
    'Our code is available at https://github.com/yimuwangcs/Better_Cross_Modal_Retrieval.',
    [github('yimuwangcs/Better_Cross_Modal_Retrieval')],
  ],
  // The authors call it code, but a github.io site is a project page.
  [
    'Code is available at https://vladbogo.github.io/QB-Norm/.',
    [page('https://vladbogo.github.io/QB-Norm', 'vladbogo.github.io/QB-Norm')],
  ],
  [
    'Our code repository can be found at https://github.com/Declancharrison/Level-Set-Boosting.',
    [github('Declancharrison/Level-Set-Boosting')],
  ],
  ['Our code is publicly available at: https://github.com/Paranioar/GSSF.', [github('Paranioar/GSSF')]],
  ['Code: https://github.com/google/svcca/', [github('google/svcca')]],
  ['Code will be available at https://github.com/xcyao00/FOD.', [github('xcyao00/FOD', 'promised')]],
  [
    'Our code and models are publicly available at https://github.com/bloomberg/mixce-acl2023',
    [github('bloomberg/mixce-acl2023')],
  ],
  ['The code is released on https://github.com/jie040109/Conda', [github('jie040109/Conda')]],
  [
    'Our code and pre-trained weights will be publicly released at https://github.com/YulongBonjour/See_Through_Their_Minds.',
    [github('YulongBonjour/See_Through_Their_Minds', 'promised')],
  ],
  ['Code is available at:https://github.com/luow23/INP-Former.', [github('luow23/INP-Former')]],
  [
    'We make our code publicly available at: https://github.com/zzezze/NeighborRetr .',
    [github('zzezze/NeighborRetr')],
  ],
  ['Our code is publicly available in https://github.com/BorealisAI/ConR.', [github('BorealisAI/ConR')]],
  [
    'Code is available at https://github.com/HUST-SLOW/SeaS{https://github.com/HUST-SLOW/SeaS}.',
    [github('HUST-SLOW/SeaS')],
  ],
  [
    'Code will be released at https://github.com/hikvision-research/Unified-Normalization.',
    [github('hikvision-research/Unified-Normalization', 'promised')],
  ],
  ['We make our code publicly available at https://github.com/sIncerass/powernorm.', [github('sIncerass/powernorm')]],
  [
    'The code and datasets are available at https://anonymous.4open.science/r/OLinear',
    [
      {
        url: 'https://anonymous.4open.science/r/OLinear',
        host: 'anonymous',
        kind: 'code',
        status: 'available',
        label: 'anonymous/OLinear',
      },
    ],
  ],
  [
    'The results obtained in this work can be reproduced from this Github repository: https://github.com/safouaneelg/copulasimilarity.',
    [github('safouaneelg/copulasimilarity')],
  ],
  [
    'positions it as a powerful solution for advanced cross-modal tasks, with potential applications in high-resolution generation and dynamic state manipulation.Code at https://github.com/TorchRWKV/flash-linear-attention',
    [github('TorchRWKV/flash-linear-attention')],
  ],
  [
    'The code will be available at The code will be available at https://github.com/HUST-SLOW/MuSc-V2{https://github.com/HUST-SLOW/MuSc-V2}.',
    [github('HUST-SLOW/MuSc-V2', 'promised')],
  ],
  [
    'The code and checkpoints to reproduce this study are available at: https://github.com/rabihchamas/DCLS-GradCAM-Eval.',
    [github('rabihchamas/DCLS-GradCAM-Eval')],
  ],
  ['Code is at https: //github.com/Zeqiang-Lai/HSDT.', [github('Zeqiang-Lai/HSDT')]],
  ['Source codes are publicly available at https://github.com/zjuluolun/BEVPlace.', [github('zjuluolun/BEVPlace')]],
  ['Code soon at: https://github.com/Sreyan88/ASPIRE.', [github('Sreyan88/ASPIRE', 'promised')]],
  // A promise about something else, then the code said available.
  ['The dataset will be released upon acceptance, while the code is available at https://github.com/a/b.', [github('a/b')]],
  ['Our model weights will be made publicly available, and code is already available at https://github.com/a/b.', [github('a/b')]],
  ['Code will be made available at https://github.com/a/b.', [github('a/b', 'promised')]],
  ['Code has been made available at: https://github.com/Z-Zheng/FarSeg.', [github('Z-Zheng/FarSeg')]],
  ['The code is available at: https://github.com/remiMZ/MetaCoCo-ICLR24.', [github('remiMZ/MetaCoCo-ICLR24')]],
  [
    'Our code and data are available at https://github.com/danielwusg/artifact_diffusion.',
    [github('danielwusg/artifact_diffusion')],
  ],
  ['Our code is available at: https://github.com/Vaidehi99/CausalInfoMin', [github('Vaidehi99/CausalInfoMin')]],
  ['Code available at: https://github.com/miccunifi/iamcl2r.', [github('miccunifi/iamcl2r')]],
  ['The source code can be find: https://github.com/yuyuheintju/TSCAN.', [github('yuyuheintju/TSCAN')]],
  [
    'Our code is available at https://github.com/TheoSourget/MMC_Masking and https://github.com/TheoSourget/MMC_Masking_EyeFundus',
    [github('TheoSourget/MMC_Masking'), github('TheoSourget/MMC_Masking_EyeFundus')],
  ],
  [
    'Code available at https://github.com/neurospin-projects/2024_rlouiset_sep_clr.',
    [github('neurospin-projects/2024_rlouiset_sep_clr')],
  ],
  ['The full system can be accessed at https://github.com/dipta007/SeeBel', [github('dipta007/SeeBel')]],
  [
    'We achieved a staggering 90.7\\% on mortality rate, 45.1\\% on length of stay. The source code can be find: https://github.com/yuyuheintju/TSCAN.',
    [github('yuyuheintju/TSCAN')],
  ],
];

// Three seed abstracts' closing sentences, verbatim and one after another: a promise must not leak
// from one abstract or sentence to the next.
const SEED_ABSTRACT =
  'Besides, we introduce an entropy constraint strategy to solve the mode collapse issue in optimization and further amplify the normal-abnormal distinguishability. Extensive experiments on three unsupervised real-world AD benchmarks show the superior performance of our approach. Code will be available at https://github.com/xcyao00/FOD.\n' +
  'We also evaluate CMA on a newly procured adverse-condition generalization benchmark and report favorable results compared to standard unsupervised domain adaptation methods, despite the comparative handicap of CMA due to source data inaccessibility. Code is available at https://github.com/brdav/cma.\n' +
  'The models trained using cognitive test scores significantly outperformed brain volumetric models (p<0.05). Cognitive Normal (CN) vs. AD models were successfully transferred to external datasets.';

const CLASSIFY_CASES: Array<[string, CodeLink | undefined]> = [
  // Only http(s).
  ['javascript:alert(1)', undefined],
  ['JaVaScRiPt:alert(document.cookie)//github.com/a/b', undefined],
  ['java\nscript:alert(1)', undefined],
  ['data:text/html,<script>alert(1)</script>', undefined],
  ['file:///etc/passwd', undefined],
  ['ftp://github.com/a/b', undefined],
  ['mailto:someone@github.com', undefined],
  ['someone@example.org', undefined],
  ['vbscript:msgbox', undefined],
  // Not code: the paper's own pages, indexes, licences.
  ['https://arxiv.org/abs/2401.01234', undefined],
  ['https://arxiv.org/pdf/2401.01234v2', undefined],
  ['https://export.arxiv.org/abs/2401.01234', undefined],
  ['https://doi.org/10.1145/1234.5678', undefined],
  ['http://dx.doi.org/10.1145/1234.5678', undefined],
  ['https://huggingface.co/papers/2401.01234', undefined],
  ['https://hf.co/papers/2401.01234', undefined],
  ['https://www.alphaxiv.org/abs/2401.01234', undefined],
  ['https://openreview.net/forum?id=abc123', undefined],
  ['https://creativecommons.org/licenses/by/4.0/', undefined],
  ['https://aclanthology.org/2023.acl-long.1.pdf', undefined],
  ['https://www.cs.example.edu/~me/paper.pdf', undefined],
  ['https://twitter.com/someone/status/1', undefined],
  ['https://github.com', undefined],
  ['https://github.com/features/copilot', undefined],
  ['https://huggingface.co/models?search=llama', undefined],
  ['https://huggingface.co/spaces', undefined],
  // The Hub's root, also behind a path that starts with no name (it trimmed to the root, which
  // then did not classify to itself).
  ['https://huggingface.co/', undefined],
  ['https://huggingface.co/]#}a', undefined],
  ['https://anonymous.4open.science/', undefined],
  ['/papers/2401.01234', undefined],
  ['github', undefined],
  // Forges: one normal form.
  ['https://github.com/a/b', github('a/b')],
  ['http://github.com/a/b', github('a/b')],
  ['https://www.github.com/a/b/', github('a/b')],
  ['github.com/a/b.git', github('a/b')],
  ['www.github.com/a/b', github('a/b')],
  ['//github.com/a/b', github('a/b')],
  ['https://github.com/a/b?tab=readme-ov-file#install', github('a/b')],
  ['https://github.com/a/b/issues/12', github('a/b')],
  ['https://github.com/a/b/releases/tag/v1.0', github('a/b')],
  ['https://github.com/a/b/tree/main', github('a/b')],
  ['https://github.com/a/b/tree/master/', github('a/b')],
  ['https://user:secret@github.com/a/b', github('a/b')],
  ["https://github.com/a/b's", github('a/b')],
  ['https://github.com/a/b.', github('a/b')],
  ['https://github.com/Owner/Repo', github('Owner/Repo')],
  ['https://github.com/owner', github('owner')],
  ['https://github.com/orgs/facebookresearch/repositories', github('facebookresearch')],
  ['https://github.com/users/octocat/projects/1', github('octocat')],
  ['https://github.com/advisories/GHSA-4xqq-m2hx-25v8', undefined],
  ['https://github.com/organizations/foo/settings', undefined],
  ['https://github.com/dashboard', undefined],
  ['https://github.com/copilot', undefined],
  [
    'https://github.com/google-research/google-research/tree/master/scann/',
    {
      url: 'https://github.com/google-research/google-research/tree/master/scann',
      host: 'github',
      kind: 'code',
      status: 'available',
      label: 'google-research/google-research/scann',
    },
  ],
  [
    'https://github.com/a/b/blob/main/train.py',
    { url: 'https://github.com/a/b/blob/main/train.py', host: 'github', kind: 'code', status: 'available', label: 'a/b/train.py' },
  ],
  [
    'https://github.com/a/b/tree/cvpr2024',
    { url: 'https://github.com/a/b/tree/cvpr2024', host: 'github', kind: 'code', status: 'available', label: 'a/b@cvpr2024' },
  ],
  ['https://raw.githubusercontent.com/a/b/main/README.md', github('a/b')],
  [
    'https://gist.github.com/someone/0123456789abcdef0123',
    {
      url: 'https://gist.github.com/someone/0123456789abcdef0123',
      host: 'github',
      kind: 'code',
      status: 'available',
      label: 'gist:someone/01234567',
    },
  ],
  [
    'https://gitlab.com/group/subgroup/project.git',
    { url: 'https://gitlab.com/group/subgroup/project', host: 'gitlab', kind: 'code', status: 'available', label: 'group/subgroup/project' },
  ],
  [
    'https://gitlab.com/group/project/-/tree/main/src/model',
    {
      url: 'https://gitlab.com/group/project/-/tree/main/src/model',
      host: 'gitlab',
      kind: 'code',
      status: 'available',
      label: 'group/project/src/model',
    },
  ],
  [
    'https://gitlab.com/group/project/-/issues/3',
    { url: 'https://gitlab.com/group/project', host: 'gitlab', kind: 'code', status: 'available', label: 'group/project' },
  ],
  [
    'https://gitlab.inria.fr/team/tool',
    { url: 'https://gitlab.inria.fr/team/tool', host: 'gitlab', kind: 'code', status: 'available', label: 'team/tool' },
  ],
  [
    'https://bitbucket.org/team/repo/src/master/',
    { url: 'https://bitbucket.org/team/repo', host: 'bitbucket', kind: 'code', status: 'available', label: 'team/repo' },
  ],
  [
    'https://codeberg.org/user/repo/src/branch/dev/docs',
    {
      url: 'https://codeberg.org/user/repo/src/branch/dev/docs',
      host: 'codeberg',
      kind: 'code',
      status: 'available',
      label: 'user/repo/docs',
    },
  ],
  // Hugging Face and anonymous review repositories.
  [
    'https://huggingface.co/meta-llama/Llama-2-7b/tree/main',
    { url: 'https://huggingface.co/meta-llama/Llama-2-7b', host: 'hf-model', kind: 'code', status: 'available', label: 'meta-llama/Llama-2-7b' },
  ],
  [
    'hf.co/datasets/org/set?row=3',
    { url: 'https://huggingface.co/datasets/org/set', host: 'hf-dataset', kind: 'data', status: 'available', label: 'org/set' },
  ],
  [
    'https://huggingface.co/datasets/squad',
    { url: 'https://huggingface.co/datasets/squad', host: 'hf-dataset', kind: 'data', status: 'available', label: 'squad' },
  ],
  [
    'huggingface.co/spaces/owner/demo/blob/main/app.py',
    { url: 'https://huggingface.co/spaces/owner/demo', host: 'hf-space', kind: 'project', status: 'available', label: 'owner/demo' },
  ],
  [
    'https://owner-demo.hf.space/',
    { url: 'https://owner-demo.hf.space', host: 'hf-space', kind: 'project', status: 'available', label: 'owner-demo.hf.space' },
  ],
  ['https://huggingface.co/facebook', page('https://huggingface.co/facebook', 'huggingface.co/facebook')],
  ['https://hf.co/facebook/', page('https://huggingface.co/facebook', 'huggingface.co/facebook')],
  ['https://huggingface.co/blog/some-post', page('https://huggingface.co/blog/some-post', 'huggingface.co/blog/some-post')],
  [
    'https://anonymous.4open.science/r/Repo-5A3B/src/main.py',
    { url: 'https://anonymous.4open.science/r/Repo-5A3B', host: 'anonymous', kind: 'code', status: 'available', label: 'anonymous/Repo-5A3B' },
  ],
  // Project pages and data.
  ['x.github.io', page('https://x.github.io', 'x.github.io')],
  ['https://lab.gitlab.io/proj/', page('https://lab.gitlab.io/proj', 'lab.gitlab.io/proj')],
  ['https://www.example-lab.org/project/#demo', page('https://www.example-lab.org/project', 'example-lab.org/project')],
  ['http://example-lab.org/p?id=7&utm_source=x', page('http://example-lab.org/p?id=7', 'example-lab.org/p')],
  [
    'https://very-long-project-name.example-lab.org/research/2024/some/deeply/nested/page/index.html',
    page(
      'https://very-long-project-name.example-lab.org/research/2024/some/deeply/nested/page/index.html',
      'very-long-project-name.example-lab.org/…/index.html',
    ),
  ],
  ['https://bücher.de/code', page('https://xn--bcher-kva.de/code', 'xn--bcher-kva.de/code')],
  ['https://site.org/a%E2%80%AEgpj.exe', page('https://site.org/a%E2%80%AEgpj.exe', 'site.org/agpj.exe')],
  [
    'https://zenodo.org/records/1234567',
    { url: 'https://zenodo.org/records/1234567', host: 'other', kind: 'data', status: 'available', label: 'zenodo.org/records/1234567' },
  ],
  [
    'https://figshare.com/articles/dataset/x/123',
    { url: 'https://figshare.com/articles/dataset/x/123', host: 'other', kind: 'data', status: 'available', label: 'figshare.com/articles/dataset/x/123' },
  ],
  [
    'https://www.kaggle.com/datasets/user/set',
    { url: 'https://www.kaggle.com/datasets/user/set', host: 'other', kind: 'data', status: 'available', label: 'kaggle.com/datasets/user/set' },
  ],
  [
    'https://pypi.org/project/torch-thing/',
    { url: 'https://pypi.org/project/torch-thing', host: 'other', kind: 'code', status: 'available', label: 'pypi.org/project/torch-thing' },
  ],
  // TeX leftovers.
  ['\\url{https://github.com/a/b}', github('a/b')],
  ['\\href{https://github.com/a/b}{this URL}', github('a/b')],
  ['https://github.com/a/my\\_repo', github('a/my_repo')],
  ['https://x.github.io{this', page('https://x.github.io', 'x.github.io')],
  ['https://www.cs.example.edu/\\~{}me/code', page('https://www.cs.example.edu/~me/code', 'cs.example.edu/~me/code')],
  // Look-alike hosts: the label shows the host the browser would really open.
  ['https://github.com.evil.io/a/b', page('https://github.com.evil.io/a/b', 'github.com.evil.io/a/b')],
  ['https://github.com@evil.io/a/b', page('https://evil.io/a/b', 'evil.io/a/b')],
  // Hostile.
  ['', undefined],
  ['   ', undefined],
  ['http://', undefined],
  ['https://', undefined],
  ['https://[::1', undefined],
  ['https://[::1]/repo', undefined],
  ['http://192.168.0.1/code', undefined],
  ['http://localhost:8080/a/b', undefined],
  ['https://github.com/\uD800/x', undefined],
  ['https://site.org/\uDC00', page('https://site.org/%EF%BF%BD', 'site.org/\uFFFD')],
  [`https://github.com/a/${'b'.repeat(5000)}`, undefined],
];

describe('classifyLink', () => {
  it.each(CLASSIFY_CASES)('%j', (input, expected) => {
    expect(classifyLink(input)).toEqual(expected);
  });

  it('returns a normal form that classifies to itself', () => {
    for (const [, expected] of CLASSIFY_CASES) {
      if (expected) expect(classifyLink(expected.url)).toEqual(expected);
    }
  });

  it('marks a link promised only when asked', () => {
    expect(classifyLink('github.com/a/b', 'promised')?.status).toBe('promised');
    expect(classifyLink('github.com/a/b', 'bogus' as LinkStatus)?.status).toBe('available');
  });

  it('never throws on values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, [], Symbol('x')]) {
      expect(classifyLink(value as unknown as string)).toBeUndefined();
    }
  });
});

describe('findCodeLinks on seed sentences', () => {
  it.each(SEED_CASES)('%s', (input, expected) => {
    expect(findCodeLinks(input)).toEqual(expected);
  });

  it('keeps a promise inside its sentence in a whole abstract', () => {
    expect(findCodeLinks(SEED_ABSTRACT)).toEqual([github('xcyao00/FOD', 'promised'), github('brdav/cma')]);
  });
});

const FIND_CASES: Array<[string, CodeLink[]]> = [
  // Scheme-less links.
  ['Code: github.com/a/b.', [github('a/b')]],
  ['Code: www.github.com/a/b', [github('a/b')]],
  ['see gitlab.com/g/p, and bitbucket.org/t/r;', [
    { url: 'https://gitlab.com/g/p', host: 'gitlab', kind: 'code', status: 'available', label: 'g/p' },
    { url: 'https://bitbucket.org/t/r', host: 'bitbucket', kind: 'code', status: 'available', label: 't/r' },
  ]],
  ['Demo: huggingface.co/spaces/o/n!', [
    { url: 'https://huggingface.co/spaces/o/n', host: 'hf-space', kind: 'project', status: 'available', label: 'o/n' },
  ]],
  ['Project page: lab.github.io/proj/.', [page('https://lab.github.io/proj', 'lab.github.io/proj')]],
  ['Visit www.example-lab.org/tool?', [page('https://www.example-lab.org/tool', 'example-lab.org/tool')]],
  // Not links: addresses, prose, the paper itself.
  ['Mail me@github.com or x@lab.github.io for access.', []],
  ['We use GitHub.com and a.github.com.au style hosts.', []],
  ['Paper: https://arxiv.org/abs/2401.01234 and https://huggingface.co/papers/2401.01234.', []],
  ['javascript:alert(1) data:text/html,x file:///etc/passwd', []],
  // Trailing punctuation and brackets.
  ['(code: https://github.com/a/b)', [github('a/b')]],
  ['[https://github.com/a/b].', [github('a/b')]],
  ['"https://github.com/a/b", \'https://github.com/c/d\'', [github('a/b'), github('c/d')]],
  ['<https://github.com/a/b>', [github('a/b')]],
  ['See [repo](https://github.com/a/b).', [github('a/b')]],
  ['See https://github.com/a/b!?', [github('a/b')]],
  ['Wiki (https://en.wikipedia.org/wiki/Foo_(bar)).', [page('https://en.wikipedia.org/wiki/Foo_(bar)', 'en.wikipedia.org/wiki/Foo_(bar)')]],
  ['代码见https://github.com/a/b。谢谢', [github('a/b')]],
  // Glued text: a second URL after a comma, paragraphs joined without a space.
  ['Code: https://github.com/a/b,https://github.com/c/d;https://github.com/e/f', [
    github('a/b'),
    github('c/d'),
    github('e/f'),
  ]],
  ['Code at https://github.com/a/b.We also release https://github.com/c/three.js.', [github('a/b'), github('c/three.js')]],
  ['Code: https://github.com/a/b.https://github.com/c/d and https://github.com/e/fhttps://github.com/g/h', [
    github('a/b'),
    github('c/d'),
    github('e/f'),
    github('g/h'),
  ]],
  ['Code: https://github.com/a/b.Project page: https://x.github.io', [github('a/b'), page('https://x.github.io', 'x.github.io')]],
  ['Archived: https://web.archive.org/web/2024/https://github.com/a/b', [
    page('https://web.archive.org/web/2024/https://github.com/a/b', 'web.archive.org/web/2024/https://github.com/a/b'),
  ]],
  // TeX leftovers.
  ['Code at https://github.com/a/b{https://github.com/a/b}.', [github('a/b')]],
  ['Project: https://x.github.io{this https URL}.', [page('https://x.github.io', 'x.github.io')]],
  ['Code at \\href{https://github.com/a/b}{GitHub}.', [github('a/b')]],
  ['Code at \\url{github.com/a/my\\_repo}.', [github('a/my_repo')]],
  ['Code at~\\url{https://github.com/a/b}~and data.', [github('a/b')]],
  // De-duplication across spellings; first position wins.
  ['https://github.com/A/B then github.com/a/b.git then https://github.com/a/b/ then https://github.com/c/d', [
    github('A/B'),
    github('c/d'),
  ]],
  // Promises stay in their clause.
  ['Code is available at https://github.com/a/b. Models will be released later.', [github('a/b')]],
  ['Models will be released later. Code is available at https://github.com/a/b.', [github('a/b')]],
  ['Data will be released soon; code is at https://github.com/a/b.', [github('a/b')]],
  ['Code will be released at https://github.com/a/b and https://github.com/a/c.', [
    github('a/b', 'promised'),
    github('a/c', 'promised'),
  ]],
  ['Code is available at https://github.com/a/b, and weights will be released at https://huggingface.co/a/w.', [
    github('a/b'),
    { url: 'https://huggingface.co/a/w', host: 'hf-model', kind: 'code', status: 'promised', label: 'a/w' },
  ]],
  ['The code will be made available upon acceptance at https://github.com/a/b.', [github('a/b', 'promised')]],
  ['Upon acceptance, our code will be open-sourced at https://github.com/a/b.', [github('a/b', 'promised')]],
  ['Code to be released: https://github.com/a/b', [github('a/b', 'promised')]],
  ['We will release the code at https://github.com/a/b.', [github('a/b', 'promised')]],
  // Found by a review of the extraction: intentions, not releases.
  ['We plan to open-source the code at https://github.com/a/b.', [github('a/b', 'promised')]],
  ['We intend to release the code at https://github.com/a/b.', [github('a/b', 'promised')]],
  ['We are going to make the code public at https://github.com/a/b.', [github('a/b', 'promised')]],
  ['We plan to release our models; the code is available at https://github.com/a/b.', [github('a/b')]],
  ['Code: https://github.com/a/b (coming soon)', [github('a/b', 'promised')]],
  ['Code will be released soon.\nhttps://github.com/a/b', [github('a/b', 'promised')]],
  ['We respond as soon as possible; see https://github.com/a/b.', [github('a/b')]],
  ['Forked from https://github.com/soon/will-be-released and https://github.com/a/b.', [
    github('soon/will-be-released'),
    github('a/b'),
  ]],
  [`${'x'.repeat(150)} will be released. ${'y'.repeat(120)} https://github.com/a/b`, [github('a/b')]],
  // A promised link seen again as available is available.
  ['Code will be released at https://github.com/a/b. Update: it is out at https://github.com/a/b.', [github('a/b')]],
];

describe('findCodeLinks', () => {
  it.each(FIND_CASES)('%j', (input, expected) => {
    expect(findCodeLinks(input)).toEqual(expected);
  });

  it('returns nothing for empty or non-string input', () => {
    expect(findCodeLinks('')).toEqual([]);
    expect(findCodeLinks(undefined as unknown as string)).toEqual([]);
  });
});

describe('mergeCodeLinks', () => {
  const promised = github('a/b', 'promised');

  it('de-duplicates across spellings, keeping the first position and its label', () => {
    const merged = mergeCodeLinks(
      [github('A/B'), page('https://lab.org/p', 'lab.org/p')],
      [{ ...github('a/b'), url: 'http://www.github.com/a/b.git/' }, github('c/d')],
      [page('https://www.lab.org/p/', 'lab.org/p'), page('https://lab.org/P', 'lab.org/P')],
    );
    expect(merged).toEqual([github('A/B'), page('https://lab.org/p', 'lab.org/p'), github('c/d'), page('https://lab.org/P', 'lab.org/P')]);
  });

  it("lets 'available' win over 'promised' at the first position", () => {
    expect(mergeCodeLinks([promised, github('c/d')], [github('a/b')])).toEqual([github('a/b'), github('c/d')]);
    expect(mergeCodeLinks([github('a/b')], [promised])).toEqual([github('a/b')]);
    expect(mergeCodeLinks([promised], [promised])).toEqual([promised]);
  });

  it('ignores case on the Hub and the scheme and www. of pages', () => {
    const model = classifyLink('https://huggingface.co/Org/Model')!;
    expect(mergeCodeLinks([model], [classifyLink('hf.co/org/model/tree/main')!])).toEqual([model]);
    const pageLinks = [page('http://lab.org/p', 'lab.org/p'), page('https://www.lab.org/p', 'lab.org/p')];
    expect(mergeCodeLinks(pageLinks)).toEqual([pageLinks[0]]);
  });

  it('keeps a repository and a folder inside it apart', () => {
    const folder = classifyLink('https://github.com/a/b/tree/main/sub')!;
    expect(mergeCodeLinks([github('a/b')], [folder])).toEqual([github('a/b'), folder]);
    expect(mergeCodeLinks([folder], [classifyLink('https://github.com/A/B/tree/main/sub/')!])).toEqual([folder]);
  });

  it('does not mutate its inputs', () => {
    const first = [{ ...promised }];
    const merged = mergeCodeLinks(first, [github('a/b')]);
    expect(first[0]!.status).toBe('promised');
    expect(merged[0]).not.toBe(first[0]);
  });

  it('ignores holes and garbage in lists read from storage', () => {
    const junk = [null, undefined, 3, { url: 7 }, github('a/b')] as unknown as CodeLink[];
    expect(mergeCodeLinks(junk, null as unknown as CodeLink[], [])).toEqual([github('a/b')]);
    expect(mergeCodeLinks()).toEqual([]);
  });
});

describe('splitLinks', () => {
  it('cuts an abstract into text and links', () => {
    expect(splitLinks('Code: https://github.com/a/b. Paper: https://arxiv.org/abs/2401.01234.')).toEqual([
      { text: 'Code: ' },
      { text: 'https://github.com/a/b', link: github('a/b') },
      { text: '. Paper: https://arxiv.org/abs/2401.01234.' },
    ]);
  });

  it('keeps TeX wrapping inside the link segment and punctuation outside', () => {
    expect(splitLinks('at \\url{https://github.com/a/b}.')).toEqual([
      { text: 'at ' },
      { text: '\\url{https://github.com/a/b}', link: github('a/b') },
      { text: '.' },
    ]);
    expect(splitLinks('at https://github.com/a/b{https://github.com/a/b}.')).toEqual([
      { text: 'at ' },
      { text: 'https://github.com/a/b{https://github.com/a/b}', link: github('a/b') },
      { text: '.' },
    ]);
    expect(splitLinks('at https://x.github.io{this https URL}')).toEqual([
      { text: 'at ' },
      { text: 'https://x.github.io', link: page('https://x.github.io', 'x.github.io') },
      { text: '{this https URL}' },
    ]);
    expect(splitLinks('Code is at https: //github.com/Zeqiang-Lai/HSDT.')).toEqual([
      { text: 'Code is at ' },
      { text: 'https: //github.com/Zeqiang-Lai/HSDT', link: github('Zeqiang-Lai/HSDT') },
      { text: '.' },
    ]);
  });

  it('keeps the text of an \\href inside its link segment', () => {
    expect(splitLinks('Code: \\href{https://github.com/a/b}{our repo}.')).toEqual([
      { text: 'Code: ' },
      { text: '\\href{https://github.com/a/b}{our repo}', link: github('a/b') },
      { text: '.' },
    ]);
  });

  it('returns nothing for empty or non-string input', () => {
    expect(splitLinks('')).toEqual([]);
    expect(splitLinks(null as unknown as string)).toEqual([]);
  });

  it('gives one segment per occurrence, with its own status', () => {
    const segments = splitLinks('Soon: github.com/a/b. Now: github.com/a/b');
    expect(segments.filter((segment) => segment.link).map((segment) => segment.link!.status)).toEqual(['promised', 'available']);
  });

  const ROUND_TRIP = [
    '',
    'no links at all',
    'https://github.com/a/b',
    SEED_ABSTRACT,
    ...SEED_CASES.map(([input]) => input),
    ...FIND_CASES.map(([input]) => input),
    '<script>alert("https://github.com/a/b")</script>',
    'https://github.com/a/b\uD800 \uDC00https://x.github.io \uD83D\uDE00github.com/c/d',
    'http:// https:// https://[::1 www. github.com/ .github.io \\url{ \\href{https://x.org}{',
    '\u202Ehttps://github.com/a/b\u202C \u0000https://github.com/a/b\u0000',
  ];
  it.each(ROUND_TRIP)('round-trips %j exactly', (text) => {
    const segments = splitLinks(text);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
    expect(segments.every((segment) => segment.text.length > 0)).toBe(true);
  });
});

// Deterministic pseudo-random strings built from URL fragments and hostile characters.
function randomTexts(count: number, seed = 42): string[] {
  const pieces = [
    'https://', 'http://', 'github.com/', 'www.', '.github.io', 'huggingface.co/', 'spaces/', 'a', 'B', '/',
    '.', ',', ')', '(', ']', '[', '{', '}', '\\url{', '\\href{', '\\_', '\\~{}', '~', ' ', '\n', '<script>',
    '"', "'", ':', '@', '?', '#', '%', '%E2%80%AE', '\uD800', '\uDC00', '\u3002', 'will be released ', '. ',
    'javascript:', 'data:', '[::1', 'anonymous.4open.science/r/', 'arxiv.org/abs/2401.01234', '.git',
  ];
  const { int: random } = seededRandom(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    const length = random(40);
    for (let index = 0; index < length; index++) text += pieces[random(pieces.length)];
    return text;
  });
}

describe('hostile input', () => {
  it.each(randomTexts(500).map((text) => [text]))('never throws and round-trips on %j', (text) => {
    const segments = splitLinks(text);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
    for (const link of findCodeLinks(text)) {
      expect(link.url).toMatch(/^https?:\/\/[a-z0-9.-]+(?::\d+)?(?:[/?]|$)/);
      expect(classifyLink(link.url)).toEqual(link.status === 'promised' ? { ...link, status: 'available' } : link);
    }
    expect(() => classifyLink(text)).not.toThrow();
  });
});

// A guard against super-linear regexes, not a speed budget (speed is `npm run bench`'s job): a
// quadratic scan of 1 MB takes minutes, linear ones take tens of ms, and 2 s leaves room for a busy CI.
const LINEAR_BOUND_MS = 2000;

describe('linear time on 1 MB inputs', () => {
  // Fastest of a few runs, so a moment of load on a shared machine does not decide.
  function fastest(run: () => unknown, runs = 5): number {
    let best = Infinity;
    for (let index = 0; index < runs; index++) {
      const start = performance.now();
      run();
      best = Math.min(best, performance.now() - start);
    }
    return best;
  }

  function megabyte(parts: readonly string[]): string {
    let text = '';
    for (let n = 0; text.length < 1_000_000; n++) text += parts[n % parts.length]!.replaceAll('{n}', String(n));
    return text;
  }

  it('reads 1 MB of abstracts, one link each, in well under 100 ms', () => {
    const prose = `${SEED_ABSTRACT.split('\n')[2]!} `.repeat(6);
    const text = megabyte(SEED_CASES.map(([sentence]) => `${prose}${sentence.replace('github.com/', 'github.com/x{n}')}\n`));
    let links: CodeLink[] = [];
    expect(fastest(() => (links = findCodeLinks(text)))).toBeLessThan(LINEAR_BOUND_MS);
    expect(links.length).toBeGreaterThan(500);
    expect(fastest(() => splitLinks(text))).toBeLessThan(LINEAR_BOUND_MS);
  });

  it('reads 1 MB with a link every 70 characters in under 100 ms', () => {
    const text = megabyte([
      'Code is available at https://github.com/owner{n}/repo{n}. ',
      'Code will be released at github.com/team{n}/tool{n}.git; ',
      'Project page: https://lab{n}.github.io/project/. ',
      'Data at https://huggingface.co/datasets/org{n}/set and https://arxiv.org/abs/2401.{n}. ',
      'We obtain strong results on three benchmarks without any extra supervision at all. ',
    ]);
    let links: CodeLink[] = [];
    expect(fastest(() => (links = findCodeLinks(text)))).toBeLessThan(LINEAR_BOUND_MS);
    expect(links.length).toBeGreaterThan(10_000);
    expect(fastest(() => splitLinks(text))).toBeLessThan(LINEAR_BOUND_MS);
  });

  it.each([
    ['letters', 'a'.repeat(1_000_000)],
    ['dotted words', 'ab.'.repeat(340_000)],
    ['dashes', 'a-'.repeat(500_000)],
    ['www runs', 'www.'.repeat(250_000)],
    ['unclosed TeX braces', 'https://a.io{'.repeat(80_000)],
    ['nested TeX', 'https://github.com/a/b{'.repeat(45_000)],
    ['closing brackets', `https://github.com/a/b${')'.repeat(1_000_000)}`],
    ['trailing dots', `https://github.com/a/b${'.'.repeat(1_000_000)}`],
    ['one huge URL', `https://github.com/a/${'b'.repeat(1_000_000)}`],
    ['bare schemes', 'http://'.repeat(140_000)],
    ['comma-glued URLs', 'https://a.io,'.repeat(80_000)],
    ['sentence-glued URLs', 'https://a.io/b.We'.repeat(60_000)],
    ['Pages hosts', 'a.github.io.github.io'.repeat(50_000)],
    ['Pages hosts after letters', `${'a'.repeat(500_000)}.github.io`.repeat(2)],
    ['promise words', 'will be released soon '.repeat(45_000)],
    ['promise words before every link', 'will be made aaaaaaaa github.com/a/b '.repeat(27_000)],
    ['spaces after will', `will${' '.repeat(1_000_000)}https://github.com/a/b`],
  ])('stays linear on 1 MB of %s', (_name, text) => {
    expect(fastest(() => splitLinks(text), 3)).toBeLessThan(LINEAR_BOUND_MS);
  });
});
