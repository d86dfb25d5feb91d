import { Routes } from '@angular/router';
import { guestOnlyGuard, homeRedirectGuard, roleGuard } from './auth/auth.guards';

export const routes: Routes = [
  { path: '', pathMatch: 'full', canMatch: [homeRedirectGuard], children: [] },
  {
    path: 'connexion',
    title: 'Connexion',
    canActivate: [guestOnlyGuard],
    loadComponent: () => import('./auth/sign-in.page').then((m) => m.SignInPage),
  },
  {
    path: 'inscription',
    title: 'Créer un compte',
    canActivate: [guestOnlyGuard],
    loadComponent: () => import('./auth/sign-up.page').then((m) => m.SignUpPage),
  },
  {
    path: 'pre-inscription',
    title: 'Pré-inscrire ma famille',
    canActivate: [guestOnlyGuard],
    loadComponent: () => import('./pre-registration/pre-registration.page').then((m) => m.PreRegistrationPage),
  },
  {
    path: 'activer-mon-compte',
    title: 'Activation du compte',
    loadComponent: () => import('./auth/activation.page').then((m) => m.ActivationPage),
  },
  {
    path: 'mot-de-passe/oublie',
    title: 'Mot de passe oublié',
    canActivate: [guestOnlyGuard],
    loadComponent: () => import('./auth/forgot-password.page').then((m) => m.ForgotPasswordPage),
  },
  {
    path: 'mot-de-passe/nouveau',
    title: 'Nouveau mot de passe',
    loadComponent: () => import('./auth/reset-password.page').then((m) => m.ResetPasswordPage),
  },
  {
    path: 'accueil',
    title: 'Accueil',
    canActivate: [roleGuard('guardian')],
    loadComponent: () => import('./family/home.page').then((m) => m.HomePage),
  },
  {
    path: 'planning',
    canActivate: [roleGuard('guardian')],
    children: [
      { path: '', title: 'Planning', loadComponent: () => import('./planning/planning.page').then((m) => m.PlanningPage) },
      {
        path: 'periode',
        title: 'Réserver sur une période',
        loadComponent: () => import('./planning/period-booking.page').then((m) => m.PeriodBookingPage),
      },
      {
        path: 'annulation',
        title: 'Annuler sur une période',
        loadComponent: () => import('./planning/period-cancellation.page').then((m) => m.PeriodCancellationPage),
      },
    ],
  },
  {
    path: 'famille',
    canActivate: [roleGuard('guardian')],
    children: [
      { path: '', title: 'Dossier famille', loadComponent: () => import('./family/family-file.page').then((m) => m.FamilyFilePage) },
      {
        path: 'inscriptions',
        title: 'Inscriptions aux activités',
        loadComponent: () => import('./family/enrolments.page').then((m) => m.EnrolmentsPage),
      },
    ],
  },
  {
    path: 'actualites',
    title: 'Actualités',
    canActivate: [roleGuard('guardian')],
    loadComponent: () => import('./news/news.page').then((m) => m.NewsPage),
  },
  {
    path: 'contact',
    title: 'Nous contacter',
    canActivate: [roleGuard('guardian')],
    loadComponent: () => import('./contact/contact.page').then((m) => m.ContactPage),
  },
  {
    path: 'mon-compte/confirmer-email',
    title: 'Confirmation de l’adresse e-mail',
    loadComponent: () => import('./account/confirm-email.page').then((m) => m.ConfirmEmailPage),
  },
  {
    path: 'mon-compte',
    title: 'Mon compte',
    canActivate: [roleGuard('guardian', 'staff', 'admin')],
    loadComponent: () => import('./account/account.page').then((m) => m.AccountPage),
  },
  {
    path: 'factures',
    canActivate: [roleGuard('guardian')],
    children: [
      { path: '', title: 'Mes factures', loadComponent: () => import('./billing/invoices.page').then((m) => m.InvoicesPage) },
      { path: 'prelevement', title: 'Prélèvement automatique', loadComponent: () => import('./billing/direct-debit.page').then((m) => m.DirectDebitPage) },
      { path: ':id', title: 'Facture', loadComponent: () => import('./billing/invoice.page').then((m) => m.InvoicePage) },
    ],
  },
  {
    path: 'documents',
    title: 'Documents',
    canActivate: [roleGuard('guardian')],
    loadComponent: () => import('./documents/documents.page').then((m) => m.DocumentsPage),
  },
  {
    path: 'attestations/demande',
    title: 'Demander une attestation',
    canActivate: [roleGuard('guardian')],
    loadComponent: () => import('./attestations/attestation-request.page').then((m) => m.AttestationRequestPage),
  },
  {
    path: 'demandes',
    canActivate: [roleGuard('guardian')],
    children: [
      {
        path: '',
        title: 'Mes demandes',
        loadComponent: () => import('./requests/requests.page').then((m) => m.RequestsPage),
      },
      {
        path: ':requestId',
        title: 'Suivi de la demande',
        loadComponent: () => import('./requests/request-detail.page').then((m) => m.RequestDetailPage),
      },
    ],
  },
  {
    path: 'gestion/demandes',
    canActivate: [roleGuard('staff', 'admin')],
    children: [
      { path: '', title: 'Demandes', loadComponent: () => import('./back-office/requests/queue.page').then((m) => m.QueuePage) },
      {
        path: ':familyId/:requestId',
        title: 'Demande',
        loadComponent: () => import('./back-office/requests/staff-request.page').then((m) => m.StaffRequestPage),
      },
    ],
  },
  {
    path: 'gestion/occupation',
    title: "Occupation et listes d'attente",
    canActivate: [roleGuard('staff', 'admin')],
    loadComponent: () => import('./back-office/occupancy/occupancy.page').then((m) => m.OccupancyPage),
  },
  {
    path: 'gestion/pointage',
    title: 'Pointage',
    canActivate: [roleGuard('staff', 'admin')],
    loadComponent: () => import('./back-office/attendance/attendance.page').then((m) => m.AttendancePage),
  },
  {
    path: 'gestion/audit/:kind/:id',
    title: "Journal d'audit",
    canActivate: [roleGuard('staff', 'admin')],
    loadComponent: () => import('./back-office/audit/audit.page').then((m) => m.AuditPage),
  },
  {
    path: 'gestion/facturation',
    title: 'Facturation',
    canActivate: [roleGuard('staff', 'admin')],
    loadComponent: () => import('./back-office/billing/staff-billing.page').then((m) => m.StaffBillingPage),
  },
  {
    path: 'gestion/factures/:id',
    title: 'Facture',
    canActivate: [roleGuard('staff', 'admin')],
    loadComponent: () => import('./billing/invoice.page').then((m) => m.InvoicePage),
  },
  {
    path: 'gestion/statistiques',
    title: 'Statistiques',
    canActivate: [roleGuard('staff', 'admin')],
    loadComponent: () => import('./back-office/statistics/statistics.page').then((m) => m.StatisticsPage),
  },
  {
    path: 'gestion/documents',
    title: 'Documents',
    canActivate: [roleGuard('staff', 'admin')],
    loadComponent: () => import('./documents/staff-documents.page').then((m) => m.StaffDocumentsPage),
  },
  {
    path: 'gestion/actualites',
    title: 'Actualités',
    canActivate: [roleGuard('staff', 'admin')],
    loadComponent: () => import('./back-office/news/staff-news.page').then((m) => m.StaffNewsPage),
  },
  {
    path: 'gestion/activites',
    title: 'Activités',
    canActivate: [roleGuard('staff', 'admin')],
    loadComponent: () => import('./back-office/activities/activities.page').then((m) => m.ActivitiesPage),
  },
  {
    path: 'gestion/integrations',
    canActivate: [roleGuard('staff', 'admin')],
    children: [
      { path: '', title: 'Intégrations', loadComponent: () => import('./back-office/integrations/integrations.page').then((m) => m.IntegrationsPage) },
      {
        path: 'webhooks/:id',
        title: 'Webhook',
        loadComponent: () => import('./back-office/integrations/webhook.page').then((m) => m.WebhookPage),
      },
    ],
  },
  {
    path: 'gestion/familles',
    canActivate: [roleGuard('staff', 'admin')],
    children: [
      {
        path: '',
        title: 'Familles',
        loadComponent: () => import('./back-office/families/families-list.page').then((m) => m.FamiliesListPage),
      },
      {
        path: 'nouvelle',
        title: 'Ouvrir un dossier famille',
        loadComponent: () => import('./back-office/families/open-family.page').then((m) => m.OpenFamilyPage),
      },
      {
        path: ':familyId',
        title: 'Dossier famille',
        loadComponent: () => import('./family/family-file.page').then((m) => m.FamilyFilePage),
      },
    ],
  },
  {
    path: '**',
    title: 'Page introuvable',
    loadComponent: () => import('./layout/not-found.page').then((m) => m.NotFoundPage),
  },
];
