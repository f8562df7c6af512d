/**
 * Pages each adapter must accept, by adapter id; every other adapter must reject them (table tests in
 * test/unit). Kept out of the adapters themselves: the content scripts never need them.
 */
export const EXAMPLES: Record<string, readonly string[]> = {
  huggingface: [
    'https://huggingface.co/papers',
    'https://huggingface.co/papers?date=2024-08-01',
    'https://huggingface.co/papers/date/2026-09-28',
    'https://huggingface.co/papers/week/2026-W39',
    'https://huggingface.co/papers/month/2026-09',
    'https://huggingface.co/papers/trending',
    'https://huggingface.co/papers?q=diffusion',
    'https://huggingface.co/papers/2407.21783',
  ],
  arxiv: [
    'https://arxiv.org/list/cs.LG/new',
    'https://arxiv.org/list/cs.CL/recent',
    'https://arxiv.org/list/cs.CL/recent?skip=0&show=2000',
    'https://arxiv.org/list/cs.LG/pastweek?show=25',
    'https://arxiv.org/list/hep-th/2025-03',
    'https://arxiv.org/list/math.AG/2503?skip=25&show=25',
    'https://arxiv.org/catchup/cs.LG/2025-03-20',
    'https://arxiv.org/catchup?smonth=03&sday=20&num=50&archive=cs&method=with',
    'https://arxiv.org/search/?searchtype=abstract&query=distributed+systems&size=200',
    'https://arxiv.org/search/cs?searchtype=author&query=Riedl%2C+M+O',
    'https://arxiv.org/search/advanced?advanced=&terms-0-term=diffusion&terms-0-field=title',
    'https://arxiv.org/abs/2106.09608',
    'https://arxiv.org/abs/2106.09608v2',
    'https://arxiv.org/abs/hep-th/9901001',
  ],
  generic: [
    'https://example.org/digest/2025-05-01',
    'https://digest.example.org/2025/05/ml-roundup',
    'https://journals.example.com/article/10.1234/example.5678',
    'http://blog.example.net/posts/reading-list?page=2',
    'https://huggingface.co/blog/some-post',
    'https://arxiv.org/',
  ],
};
