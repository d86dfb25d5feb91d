/** One open live stream: it sleeps between reads and is woken when new public events are committed. */
export class LiveFeed {
  closed = false;
  private pending = false;
  private waiter?: () => void;

  constructor(private readonly onClose: (feed: LiveFeed) => void) {}

  /** Resolves 'woken' at the next wake (or at once if one came meanwhile), 'timeout' after `ms`, 'closed' on close. */
  wait(ms: number): Promise<'woken' | 'timeout' | 'closed'> {
    if (this.closed) return Promise.resolve('closed');
    if (this.pending) {
      this.pending = false;
      return Promise.resolve('woken');
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve('timeout');
      }, ms);
      this.waiter = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        this.pending = false;
        resolve(this.closed ? 'closed' : 'woken');
      };
    });
  }

  wake(): void {
    this.pending = true;
    this.waiter?.();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiter?.();
    this.onClose(this);
  }
}

/** Every open live stream of this process, so new events wake them and shutdown ends them. */
export class LiveFeeds {
  private readonly feeds = new Set<LiveFeed>();

  open(): LiveFeed {
    const feed = new LiveFeed((f) => this.feeds.delete(f));
    this.feeds.add(feed);
    return feed;
  }

  wake(): void {
    for (const feed of this.feeds) feed.wake();
  }

  closeAll(): void {
    for (const feed of [...this.feeds]) feed.close();
  }

  get size(): number {
    return this.feeds.size;
  }
}
