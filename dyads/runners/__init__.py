"""Runners drive steps over inputs; steps never know which runner drives them."""
