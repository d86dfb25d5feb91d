export * from './blob-store.port';
export * from './folder-blob-store';
export * from './gridfs-blob-store';
