import { expect, type Locator, type Page } from '@playwright/test';
import { ConsolePage } from './console-page';

/** The login card and the user menu. */
export class LoginPage extends ConsolePage {
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  readonly userMenu: Locator;

  constructor(page: Page) {
    super(page);
    this.username = page.getByTestId('login-username');
    this.password = page.getByTestId('login-password');
    this.submit = page.getByTestId('login-submit');
    this.error = page.getByTestId('login-error');
    this.userMenu = page.getByTestId('user-menu');
  }

  async open(next?: string): Promise<void> {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
    await expect(this.page.getByTestId('login-form')).toBeVisible();
  }

  async logIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }

  async logOut(): Promise<void> {
    await this.userMenu.click();
    await this.page.getByTestId('user-menu-logout').click();
    await expect(this.page).toHaveURL(/\/login/);
  }
}
