// Nothing to do before the job's steps: this action exists for its post step (post.mjs).
console.log('Will check at the end of the job that the minted token was revoked.');
