import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface OracleAnswer {
  readonly id: number;
  readonly sddl?: string;
  /** base64 of Samba's ndr_pack(descriptor.from_sddl(sddl, domainSid)). */
  readonly fromSddl?: string;
  readonly error?: string;
}

const script = fileURLToPath(new URL('./sd-oracle.py', import.meta.url));

/** One long-lived `/usr/bin/python3 sd-oracle.py` process answering requests in order (batched, not one per SD). */
export class SambaOracle {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, (answer: OracleAnswer) => void>();
  private nextId = 1;

  constructor() {
    this.child = spawn('/usr/bin/python3', [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const answer = JSON.parse(line) as OracleAnswer;
      this.pending.get(answer.id)?.(answer);
      this.pending.delete(answer.id);
    });
  }

  private ask(request: Record<string, string>): Promise<OracleAnswer> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(JSON.stringify({ id, ...request }) + '\n');
    });
  }

  /** Samba's SDDL for the descriptor, and its bytes for that SDDL read back. */
  describe(sd: Uint8Array, domainSid: string): Promise<OracleAnswer> {
    return this.ask({ sd: Buffer.from(sd).toString('base64'), domainSid });
  }

  fromSddl(sddl: string, domainSid: string): Promise<OracleAnswer> {
    return this.ask({ sddl, domainSid });
  }

  close(): void {
    this.child.stdin.end();
  }
}
