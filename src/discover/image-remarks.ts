import { toRepoPath } from '../parse/source-store.js';
import type { ImageEvent } from '../settings/module-resolver.js';
import type { ImageContents } from './project-image.js';

/**
 * What production's image changed about what was judged, one sentence each: a module the Dockerfile copies
 * over the checkout's (judged as the copied file), a file the checkout has but the image lacks.
 */
export function imageRemarks(image: ImageContents, events: readonly ImageEvent[], repoRoot: string): string[] {
  const dockerfile = toRepoPath(repoRoot, image.dockerfile);
  return events.map((event) => {
    if (event.kind === 'overlay') {
      const source = toRepoPath(repoRoot, event.source);
      return `${toRepoPath(repoRoot, event.dockerfile)}:${event.line} copies ${source} to ${toRepoPath(repoRoot, event.target)} in the image; judging ${source} as that module.`;
    }
    const why = image.absence(event.file) ?? 'the image does not hold it';
    return `${toRepoPath(repoRoot, event.file)} is not in the image ${dockerfile} builds (${why}); judging the settings without it.`;
  });
}
