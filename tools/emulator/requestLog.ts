/** Per-endpoint request counts; endpoints are route patterns such as `POST /{tenant}/oauth2/v2.0/token`. */
export class RequestLog {
  private readonly counts = new Map<string, number>();
  private total = 0;

  record(endpoint: string): void {
    this.total++;
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  }

  snapshot(): { total: number; byEndpoint: Record<string, number> } {
    return {
      total: this.total,
      byEndpoint: Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b))),
    };
  }
}
