import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

/** The fields the planning's requests share, with their French messages. */
export const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const DAY_MESSAGE = 'La date doit être au format AAAA-MM-JJ.';
export const DayField = () => Matches(DAY, { message: DAY_MESSAGE });
export const RequestIdField = () => IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." });
export const ChildIdField = () => IsUUID('all', { message: "L'identifiant de l'enfant est invalide." });
export const ActivityIdField = () => IsUUID('all', { message: "L'identifiant de l'activité est invalide." });

/** A child's activity over a period, on some weekdays (all when omitted): booked or cancelled. */
export class ChildPeriodFields {
  @ChildIdField() childId!: string;
  @ActivityIdField() activityId!: string;
  @DayField() from!: string;
  @DayField() to!: string;
  @IsOptional()
  @IsArray({ message: 'Les jours de la semaine sont une liste.' })
  @ArrayMinSize(1, { message: 'Choisissez au moins un jour de la semaine.' })
  @ArrayMaxSize(7, { message: 'Au plus 7 jours de la semaine.' })
  @IsInt({ each: true, message: 'Chaque jour est un entier (1 = lundi … 7 = dimanche).' })
  @Min(1, { each: true, message: 'Les jours vont de 1 (lundi) à 7 (dimanche).' })
  @Max(7, { each: true, message: 'Les jours vont de 1 (lundi) à 7 (dimanche).' })
  weekdays?: number[];
}
