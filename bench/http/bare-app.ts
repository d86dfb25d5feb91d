/**
 * The bare route of `npm run bench:http` (b): the least a NestJS 11 server must do for one booking,
 * to measure the portal against. Its own process (started by the bench with ts-node, BARE_PORT and
 * BARE_DB set), on 127.0.0.1 only: Express, one controller, a DTO of the same shape as the portal's
 * `RequestReservationDto` with the same class-validator decorators, validated by the portal's own
 * global pipe (`PortalValidationPipe`: whitelist, unknown fields refused, transform, the text
 * checks), then one row inserted into SQLite with better-sqlite3 (WAL, synchronous FULL: an fsync
 * per commit, as the portal's event store). No session, no CSRF, no event, no read model.
 */
import 'reflect-metadata';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Database from 'better-sqlite3';
import { IsBoolean, IsOptional, IsUUID, Matches } from 'class-validator';
import { portalValidationPipe } from '@pf/http';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class BareReservationDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." }) requestId!: string;
  @IsUUID('all', { message: "L'identifiant de l'enfant est invalide." }) childId!: string;
  @IsUUID('all', { message: "L'identifiant de l'activité est invalide." }) activityId!: string;
  @Matches(DAY, { message: 'La date doit être au format AAAA-MM-JJ.' }) day!: string;
  @IsOptional() @IsBoolean({ message: 'La réservation tardive est oui ou non.' }) late?: boolean;
}

const db = new Database(process.env.BARE_DB ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS bookings (request_id TEXT PRIMARY KEY, child_id TEXT NOT NULL, activity_id TEXT NOT NULL, day TEXT NOT NULL, late INTEGER NOT NULL, at TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO bookings (request_id, child_id, activity_id, day, late, at) VALUES (?, ?, ?, ?, ?, ?)');

@Controller('api')
class BareController {
  @Post('reservations')
  book(@Body() body: BareReservationDto) {
    insert.run(body.requestId, body.childId, body.activityId, body.day, body.late ? 1 : 0, new Date().toISOString());
    return { requestId: body.requestId, status: 'accepted' };
  }

  @Get('health')
  health() {
    return { status: 'ok' };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main() {
  const app = await NestFactory.create(BareModule, { logger: ['error', 'warn'] });
  app.useGlobalPipes(portalValidationPipe());
  await app.listen(Number(process.env.BARE_PORT ?? 0), '127.0.0.1');
  const close = async () => {
    await app.close();
    db.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void close());
  process.once('SIGINT', () => void close());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
